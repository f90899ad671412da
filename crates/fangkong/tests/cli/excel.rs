//! Excel in and out (issue 17): a workbook of reports imports exactly as the
//! same rows in CSV (numbers typed as numbers or text, dates as Excel dates or
//! text); its errors name the sheet, the row and the column; every table a
//! command prints as CSV comes out as a workbook that imports back.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::support::{REPORT_HEADER, Sandbox};

const ROWS: [&str; 3] = [
    "2020-03-01,K1,2,1,5,0,1,1,1,1,1,1,王芳,",
    "2020-03-01,V,0,0,0,0,是,是,是,是,是,否,张伟,村口检查点",
    "2020-03-02,K2,0,0,0,1,true,yes,1,TRUE,Yes,1,赵敏,",
];

/// A workbook holding `rows` under the report header, in a sheet named 报告:
/// counts typed as numbers, the first date as an Excel date, the rest as text.
fn workbook(path: &str, rows: &[&str]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("报告").expect("name");
    for (c, h) in REPORT_HEADER.trim_end().split(',').enumerate() {
        sheet.write_string(0, c as u16, h).expect("header");
    }
    let date_style = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.split(',').enumerate() {
            let c = c as u16;
            if value.is_empty() {
                continue;
            }
            if c == 0 && r == 1 {
                let d = ExcelDateTime::parse_from_str(value).expect("date");
                sheet
                    .write_datetime_with_format(r, c, &d, &date_style)
                    .expect("date");
            } else if (2..=5).contains(&c) {
                match value.parse::<f64>() {
                    Ok(n) => sheet.write_number(r, c, n).expect("number"),
                    Err(_) => sheet.write_string(r, c, value).expect("text"),
                };
            } else {
                sheet.write_string(r, c, value).expect("text");
            }
        }
    }
    book.save(path).expect("save");
}

#[test]
fn a_workbook_of_reports_imports_exactly_as_the_same_rows_in_csv() {
    let by_csv = Sandbox::with_small_tree();
    by_csv.ok(&["import", "reports", &by_csv.reports_file("r.csv", &ROWS)]);
    let by_excel = Sandbox::with_small_tree();
    let path = by_excel.path("r.xlsx");
    workbook(&path, &ROWS);
    let out = by_excel.ok(&["import", "reports", &path]);
    assert!(out.contains("3 report revisions recorded"), "{out}");
    let listed = |s: &Sandbox| s.ok(&["reports", "--format", "csv"]);
    assert_eq!(listed(&by_excel), listed(&by_csv));
}

#[test]
fn a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written() {
    let s = Sandbox::with_small_tree();
    let path = s.path("bad.xlsx");
    // Row 3: an empty count (missing is not zero); row 4: a negative one.
    workbook(
        &path,
        &[
            ROWS[0],
            "2020-03-01,V,0,,0,0,1,1,1,1,1,1,张伟,",
            "2020-03-02,K2,0,0,-1,0,1,1,1,1,1,1,赵敏,",
        ],
    );
    let err = s.rejected_unchanged(&["import", "reports", &path]);
    assert!(
        err.contains("bad.xlsx, sheet 报告, row 3, column D: field new_suspected: is empty"),
        "{err}"
    );
    assert!(
        err.contains(
            "bad.xlsx, sheet 报告, row 4, column E: field new_close_contacts: '-1' is negative"
        ),
        "{err}"
    );
}

#[test]
fn every_table_comes_out_as_a_workbook_that_imports_back() {
    let s = Sandbox::with_small_tree();
    s.ok(&["import", "reports", &s.reports_file("r.csv", &ROWS)]);
    let bytes = s.ok_bytes(&["reports", "--format", "xlsx"]);
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip archive");
    let exported = s.path("export.xlsx");
    std::fs::write(&exported, &bytes).expect("write");
    // The headings are Chinese with their codes; the rows read back as they were.
    let mut book = calamine::open_workbook_auto(&exported).expect("open");
    use calamine::Reader;
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[2], "新增确诊（new_confirmed）");
    assert_eq!(range.rows().count(), 4);
    let again = Sandbox::with_small_tree();
    let out = again.ok(&["import", "reports", &exported]);
    assert!(out.contains("3 report revisions recorded"), "{out}");
    assert_eq!(
        again.ok(&["reports", "--format", "csv"]),
        s.ok(&["reports", "--format", "csv"])
    );
    // Any other table too: the units.
    let units = s.ok_bytes(&["units", "--format", "xlsx"]);
    assert!(units.starts_with(b"PK"));
}
