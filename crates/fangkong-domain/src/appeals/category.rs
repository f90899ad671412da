//! What an appeal is about (SPEC §6) and how urgent it is.

use serde::Serialize;

/// The categories of SPEC §6. In March 2020 the three largest on Wuhan's message
/// board and hotline were people stranded in the city, transport inside it and
/// daily supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// People stranded in the city (滞留人员求助).
    Stranded,
    /// Transport inside the city (市内交通出行).
    Transport,
    /// Daily supplies: food, medicine, necessities (生活物资供应).
    Supplies,
    /// Medical help: testing, admission, treatment, other illnesses.
    Medical,
    /// Housing and the place one lives in.
    Housing,
    /// Mental health.
    MentalHealth,
    /// Complaints about officials or staff.
    Complaint,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in a fixed order.
    pub const ALL: [Category; 8] = [
        Category::Stranded,
        Category::Transport,
        Category::Supplies,
        Category::Medical,
        Category::Housing,
        Category::MentalHealth,
        Category::Complaint,
        Category::Other,
    ];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Stranded => "stranded",
            Category::Transport => "transport",
            Category::Supplies => "supplies",
            Category::Medical => "medical",
            Category::Housing => "housing",
            Category::MentalHealth => "mental_health",
            Category::Complaint => "complaint",
            Category::Other => "other",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Stranded => "滞留人员求助",
            Category::Transport => "市内交通出行",
            Category::Supplies => "生活物资供应",
            Category::Medical => "就医求助",
            Category::Housing => "住房",
            Category::MentalHealth => "心理健康",
            Category::Complaint => "投诉干部",
            Category::Other => "其他",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Category::Stranded => "People stranded",
            Category::Transport => "Transport in the city",
            Category::Supplies => "Daily supplies",
            Category::Medical => "Medical help",
            Category::Housing => "Housing",
            Category::MentalHealth => "Mental health",
            Category::Complaint => "Complaint about officials",
            Category::Other => "Other",
        }
    }

    /// Parses [`Category::name`].
    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == text.trim())
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How soon an appeal must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Life or health at stake now.
    Urgent,
    /// Ordinary.
    Normal,
}

impl Urgency {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::Normal => "normal",
        }
    }

    /// Parses [`Urgency::name`].
    pub fn parse(text: &str) -> Option<Urgency> {
        [Urgency::Urgent, Urgency::Normal]
            .into_iter()
            .find(|u| u.name() == text.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_parses_back_from_its_name() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.name()), Some(c));
        }
        assert_eq!(Category::parse("weather"), None);
    }
}
