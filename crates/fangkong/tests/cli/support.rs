//! A sandbox per test: a temporary folder, a database in it, and the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary folder with its own database: a SQLite file in the folder, or,
/// when `FANGKONG_TEST_POSTGRES` names a PostgreSQL server
/// (`postgres://user@host:port`), a fresh database of its own there (which the
/// binary creates on first use; `scripts/test.sh` drops them afterwards).
pub struct Sandbox {
    dir: tempfile::TempDir,
    db: String,
}

/// A database name no other sandbox of any test process uses.
fn unique_name() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "fk_t_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A small tree in the platform's own format: K1, K2 and V report.
pub const SMALL_TREE: &str = "code,name,kind,parent_code,population
C,测试市,city,,
D,测试区,district,C,
S,测试街道,subdistrict,D,
M,测试社区,community,S,
K1,一号小区,compound,M,500
K2,二号小区,compound,M,
V,测试村,village,S,800
";

/// The report CSV header.
pub const REPORT_HEADER: &str = "date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark\n";

/// The repository's `data/` folder.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

impl Sandbox {
    /// An empty sandbox.
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = match std::env::var("FANGKONG_TEST_POSTGRES") {
            Ok(server) if !server.is_empty() => {
                format!("{}/{}", server.trim_end_matches('/'), unique_name())
            }
            _ => dir.path().join("test.db").display().to_string(),
        };
        Sandbox { dir, db }
    }

    /// An empty sandbox whose database is on PostgreSQL whatever
    /// `FANGKONG_TEST_POSTGRES` says: the server it names, else the machine's
    /// `postgres://postgres@127.0.0.1:5432`. For what only PostgreSQL does.
    pub fn on_postgres_server() -> Sandbox {
        let server = std::env::var("FANGKONG_TEST_POSTGRES")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".into());
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
            db: format!("{}/{}", server.trim_end_matches('/'), unique_name()),
        }
    }

    /// A sandbox whose database holds [`SMALL_TREE`].
    pub fn with_small_tree() -> Sandbox {
        Sandbox::new().holding_small_tree()
    }

    /// This sandbox, with [`SMALL_TREE`] imported into its database.
    pub fn holding_small_tree(self) -> Sandbox {
        let units = self.write("units.csv", SMALL_TREE);
        self.ok(&["import", "units", &units]);
        self
    }

    /// The sandbox's database, as `--db` takes it (a file path or a URL).
    pub fn db(&self) -> &str {
        &self.db
    }

    /// Whether the sandbox's database is on PostgreSQL.
    pub fn on_postgres(&self) -> bool {
        self.db.starts_with("postgres://")
    }

    /// The sandbox's database, opened as a store.
    pub async fn store(&self) -> fangkong_store::Store {
        fangkong_store::Store::connect(&fangkong_store::Location::parse(&self.db))
            .await
            .expect("open the sandbox's database")
    }

    /// The sandbox's folder.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Writes a file in the sandbox and returns its path.
    pub fn write(&self, name: &str, contents: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write");
        path.display().to_string()
    }

    /// Writes a report CSV with the standard header.
    pub fn reports_file(&self, name: &str, rows: &[&str]) -> String {
        let mut text = REPORT_HEADER.to_string();
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        self.write(name, &text)
    }

    /// The binary with `args`, on the sandbox's database, in its folder.
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_fangkong"));
        c.args(args)
            .env("FANGKONG_DB", &self.db)
            .current_dir(self.dir.path());
        c
    }

    /// Runs the binary with `args` on the sandbox's database.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("run fangkong");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs, asserts success and returns standard output as bytes (a workbook).
    pub fn ok_bytes(&self, args: &[&str]) -> Vec<u8> {
        let out = self.command(args).output().expect("run fangkong");
        assert!(
            out.status.success(),
            "fangkong {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// The path of a file in the sandbox.
    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// Runs with `input` on standard input.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run fangkong");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        let out = child.wait_with_output().expect("wait");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs and asserts success; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 0,
            "fangkong {args:?} failed:\n{}{}",
            run.stdout, run.stderr
        );
        run.stdout
    }

    /// Runs and asserts the input was rejected (exit 3); returns standard error.
    pub fn rejected(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 3,
            "fangkong {args:?} should be rejected:\n{}{}",
            run.stdout, run.stderr
        );
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        run.stderr
    }

    /// Everything the database holds, as the CLI prints it: to prove a rejected
    /// command changed nothing.
    pub fn snapshot(&self) -> String {
        let mut s = self.ok(&["units", "--format", "csv"]);
        s += &self.ok(&["reports", "--format", "csv"]);
        s += &self.ok(&["annotations", "--format", "csv"]);
        s
    }

    /// Runs a command that must be rejected and checks that the database is unchanged.
    pub fn rejected_unchanged(&self, args: &[&str]) -> String {
        let before = self.snapshot();
        let stderr = self.rejected(args);
        assert_eq!(
            before,
            self.snapshot(),
            "a rejected command changed the database"
        );
        stderr
    }
}
