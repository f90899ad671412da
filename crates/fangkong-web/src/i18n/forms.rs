//! The texts of the login page and the one report form, in both languages.

use fangkong_domain::Measure;

use super::Lang;

/// Every fixed text of the login page and the report form, in one language.
#[derive(Debug, Clone, Copy)]
pub struct FormMessages {
    /// "Sign in".
    pub sign_in: &'static str,
    /// "Username".
    pub username: &'static str,
    /// "Password".
    pub password: &'static str,
    /// "Wrong username or password".
    pub bad_login: &'static str,
    /// "Sign out".
    pub sign_out: &'static str,
    /// "Public figures".
    pub public_page: &'static str,
    /// "Daily report".
    pub daily_report: &'static str,
    /// "My reporting units".
    pub my_units: &'static str,
    /// "Reported".
    pub reported: &'static str,
    /// "Not yet reported".
    pub not_reported: &'static str,
    /// "No reporting units in your scope".
    pub no_units: &'static str,
    /// "New confirmed".
    pub new_confirmed: &'static str,
    /// "New suspected".
    pub new_suspected: &'static str,
    /// "New close contacts".
    pub new_close_contacts: &'static str,
    /// "New fever patients".
    pub new_fever: &'static str,
    /// "The six measures in place".
    pub measures: &'static str,
    /// "Reporter".
    pub reporter: &'static str,
    /// "Remark".
    pub remark: &'static str,
    /// "Reason for the correction".
    pub reason: &'static str,
    /// "This corrects revision N; say why".
    pub correcting: &'static str,
    /// "Measures start from yesterday's answers".
    pub prefilled: &'static str,
    /// "Submit".
    pub submit: &'static str,
    /// "Sending…".
    pub sending: &'static str,
    /// "Recorded".
    pub recorded: &'static str,
    /// "Already recorded (sent twice)".
    pub repeated: &'static str,
    /// "Please fix the fields marked below".
    pub fix_fields: &'static str,
    /// "Revision".
    pub revision: &'static str,
}

impl Lang {
    /// The form texts in this language.
    pub fn forms(self) -> FormMessages {
        match self {
            Lang::Zh => FormMessages {
                sign_in: "登录",
                username: "用户名",
                password: "密码",
                bad_login: "用户名或密码错误",
                sign_out: "退出",
                public_page: "公开信息",
                daily_report: "每日报告",
                my_units: "我的报告单位",
                reported: "已报",
                not_reported: "未报",
                no_units: "您的范围内没有报告单位",
                new_confirmed: "新增确诊",
                new_suspected: "新增疑似",
                new_close_contacts: "新增密切接触者",
                new_fever: "新增发热病人",
                measures: "六到位",
                reporter: "填报人",
                remark: "备注",
                reason: "更正原因",
                correcting: "本次为更正，请说明原因。更正的版本：",
                prefilled: "六项措施默认沿用昨日的填报",
                submit: "提交",
                sending: "正在提交…",
                recorded: "已记录",
                repeated: "已记录（重复提交只记一次）",
                fix_fields: "请修改下面标出的项目",
                revision: "版本",
            },
            Lang::En => FormMessages {
                sign_in: "Sign in",
                username: "Username",
                password: "Password",
                bad_login: "Wrong username or password",
                sign_out: "Sign out",
                public_page: "Public figures",
                daily_report: "Daily report",
                my_units: "My reporting units",
                reported: "reported",
                not_reported: "not yet reported",
                no_units: "There are no reporting units in your scope",
                new_confirmed: "New confirmed",
                new_suspected: "New suspected",
                new_close_contacts: "New close contacts",
                new_fever: "New fever patients",
                measures: "The six measures in place",
                reporter: "Reporter",
                remark: "Remark",
                reason: "Reason for the correction",
                correcting: "This is a correction; say why. It corrects revision",
                prefilled: "The six measures start from yesterday's answers",
                submit: "Submit",
                sending: "Sending…",
                recorded: "Recorded",
                repeated: "Already recorded (a repeated submission counts once)",
                fix_fields: "Please fix the fields marked below",
                revision: "Revision",
            },
        }
    }

    /// A measure's label in this language.
    pub fn measure(self, m: Measure) -> &'static str {
        match self {
            Lang::Zh => m.label_zh(),
            Lang::En => match m {
                Measure::ClosedManagement => "closed management",
                Measure::Screening => "screening",
                Measure::Disinfection => "disinfection",
                Measure::Supplies => "supplies",
                Measure::Stability => "stability",
                Measure::Publicity => "publicity",
            },
        }
    }
}
