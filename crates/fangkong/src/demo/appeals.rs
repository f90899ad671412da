//! The demo's synthetic stream of citizen appeals for Jiang'an district (江岸区):
//! texts made from phrases written for fangkong (never from the Weibo set),
//! naming real communities of the district so that routing has work to do,
//! with a mix of needs that follows the season (medical help first; people
//! stranded, transport and supplies in March, as on Wuhan's board), a surge of
//! supplies appeals on 2020-03-10 for the early warnings to find, and each
//! appeal's life: assigned, answered (mostly in time, some with a promise),
//! closed, rated by the caller when called back, a few reopened. Everything is taken in
//! through the same store function as real appeals.

use fangkong_domain::appeals::Router;
use fangkong_domain::appeals::lifecycle::{Change, Event};
use fangkong_domain::{Day, UnitKind, UnitTree};
use fangkong_store::{AppealInput, Store};
use jiff::{SignedDuration, Timestamp};

use super::rng::SplitMix64;

/// What the stream holds.
pub struct Built {
    /// Appeals taken in.
    pub appeals: usize,
    /// Changes recorded.
    pub changes: usize,
}

/// Phrases by category: a need, a circumstance, a plea.
const PHRASES: [(&str, [&str; 6], [&str; 4]); 8] = [
    (
        "stranded",
        [
            "我是外地来汉的，封城后滞留在这里回不了家",
            "出差滞留武汉一个多月，旅馆要关门了",
            "来汉探亲被困，身上的钱快用完了",
            "外地务工人员滞留在工地宿舍，没有收入",
            "陪家人看病滞留在医院附近，没有住处",
            "大学生寒假留校滞留，宿舍断了热水",
        ],
        [
            "求安排临时住处",
            "请问怎么申请返乡",
            "希望救助站收留",
            "能不能开证明让我回家",
        ],
    ),
    (
        "transport",
        [
            "公交地铁都停了，上班要走两个小时",
            "家里老人要去医院透析，叫不到车",
            "孕妇产检没有车去医院",
            "社区的车约不上，病人等了半天",
            "复工了单位没有通勤车",
            "小区车辆不能出入，急着出门办事",
        ],
        [
            "求派车接送",
            "请问通行证怎么办",
            "能不能恢复几条公交线路",
            "希望安排班车",
        ],
    ),
    (
        "supplies",
        [
            "团购的蔬菜一个星期没送到",
            "家里的降压药吃完了，药店关门",
            "孤寡老人不会手机团购，家里没米了",
            "孩子的奶粉快吃完了买不到",
            "社区说的保供菜一直没来",
            "菜价涨得太高，一把青菜二十块",
        ],
        [
            "家里快断粮了",
            "请社区帮忙采购",
            "求帮忙送点菜",
            "希望平抑物价",
        ],
    ),
    (
        "medical",
        [
            "父亲发烧好几天，社区不安排核酸检测",
            "母亲CT有问题，医院说没有床位",
            "家人确诊了在家等床位",
            "尿毒症病人找不到地方透析",
            "化疗中断了，医院不收非新冠病人",
            "发热门诊排了一天队没看上",
        ],
        [
            "求安排住院",
            "请尽快安排检测",
            "求帮帮我们",
            "病情越来越重了",
        ],
    ),
    (
        "housing",
        [
            "出租屋到期了房东不续租",
            "交不起房租，房东天天催",
            "楼道下水管漏水没人修",
            "老房子屋顶漏雨，物业不上门",
            "停水好几天了物业没有通知",
            "被赶出出租屋，带着老人没地方住",
        ],
        [
            "求帮忙协调",
            "希望有关部门管一管",
            "请安排维修",
            "能不能减免房租",
        ],
    ),
    (
        "mental_health",
        [
            "一个人隔离一个多月，天天失眠焦虑",
            "家人去世后一直走不出来",
            "母亲天天担心被感染，情绪很差",
            "孩子关在家里两个月不说话",
            "压力太大了，感觉撑不下去",
            "独居老人精神状态很差",
        ],
        [
            "想找心理咨询",
            "有没有心理援助热线",
            "求有人陪着说说话",
            "请派人上门看看",
        ],
    ),
    (
        "complaint",
        [
            "社区书记电话不接，病人等了三天",
            "网格员态度恶劣，对居民吼叫",
            "社区把捐赠物资私自分给熟人",
            "居委会推诿扯皮，事情没人管",
            "社区干部收了团购钱不发菜",
            "街道只会填表，困难一件不解决",
        ],
        [
            "要求严肃处理",
            "请上级部门调查",
            "希望给个说法",
            "投诉不作为",
        ],
    ),
    (
        "other",
        [
            "请问企业什么时候能复工",
            "孩子开学时间定了吗",
            "宠物被留在家里没人喂",
            "想报名当志愿者",
            "驾照到期了能不能延期",
            "想给医院捐一批口罩",
        ],
        ["请回复", "谢谢", "请告知流程", "盼复"],
    ),
];

/// The mix of needs by part of the season, in the order of [`PHRASES`].
fn mix(day: Day) -> [u32; 8] {
    if day <= Day::parse("2020-02-15").unwrap_or(day) {
        [10, 10, 15, 50, 5, 5, 3, 2]
    } else if day <= Day::parse("2020-03-20").unwrap_or(day) {
        [25, 20, 25, 15, 5, 4, 4, 2]
    } else {
        [15, 25, 10, 10, 10, 5, 5, 20]
    }
}

/// Builds the stream from `start` to `end`.
pub async fn build(
    store: &Store,
    tree: &UnitTree,
    seed: u64,
    start: Day,
    end: Day,
) -> anyhow::Result<Built> {
    let mut rng = SplitMix64::stream(seed, 707);
    let Some(district) = tree.index_of(&fangkong_domain::UnitCode::parse(
        super::registry::DISTRICT,
    )?) else {
        return Ok(Built {
            appeals: 0,
            changes: 0,
        });
    };
    let communities: Vec<String> = tree
        .subtree(district)
        .into_iter()
        .filter(|&i| tree.unit(i).kind == UnitKind::Community)
        .map(|i| {
            let name = &tree.unit(i).name;
            let short = ["社区居民委员会", "社区居委会"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(name);
            format!("{short}社区")
        })
        .collect();
    if communities.is_empty() {
        return Ok(Built {
            appeals: 0,
            changes: 0,
        });
    }
    let surge = Day::parse("2020-03-10")?;
    let mut inputs = Vec::new();
    let mut day = start;
    let mut n = 0u32;
    while day <= end {
        let weights = mix(day);
        let total: u32 = weights.iter().sum();
        let volume = match day {
            d if d < Day::parse("2020-01-23")? => 5,
            d if d <= Day::parse("2020-03-20")? => 40,
            _ => 20,
        };
        let extra_supplies = if day == surge { 60 } else { 0 };
        for k in 0..volume + extra_supplies {
            n += 1;
            let c = if k >= volume {
                2
            } else {
                let mut pick = rng.between(0, total - 1);
                let mut c = 0;
                while pick >= weights[c] {
                    pick -= weights[c];
                    c += 1;
                }
                c
            };
            let (_, needs, pleas) = PHRASES[c];
            let community = &communities[rng.between(0, communities.len() as u32 - 1) as usize];
            let text = format!(
                "我住在江岸区{community}，{}，{}。",
                needs[rng.between(0, 5) as usize],
                pleas[rng.between(0, 3) as usize]
            );
            let received_at = day
                .at_shanghai(jiff::civil::time(
                    rng.between(7, 22) as i8,
                    rng.between(0, 59) as i8,
                    0,
                    0,
                ))
                .unwrap_or(Timestamp::UNIX_EPOCH);
            inputs.push(AppealInput {
                reference: format!("JA-A{n:05}"),
                channel: if rng.chance(0.6) {
                    "hotline"
                } else {
                    "message_board"
                },
                received_at,
                text,
                name: None,
                phone: Some(format!("139{:08}", rng.between(0, 99_999_999))),
                address: None,
                place: String::new(),
                category: None,
                unit: None,
                urgency: None,
                post: None,
            });
        }
        let Some(next) = day.next() else { break };
        day = next;
    }
    let router = Router::new(tree);
    store
        .take_in_appeals(&inputs, &router, crate::clock::now_in(store).await?, "demo")
        .await?;
    // Each appeal's life, as far as the season's end.
    let closing = end
        .at_shanghai(jiff::civil::time(23, 59, 0, 0))
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let stored = store.appeals(None).await?;
    let hours = |h: f64| SignedDuration::from_secs((h * 3600.0) as i64);
    let mut changes: Vec<(String, Change)> = Vec::new();
    for a in &stored {
        let mut at = a.received_at;
        let push = |at: Timestamp,
                    event: Event,
                    note: &str,
                    changes: &mut Vec<(String, Change)>|
         -> bool {
            if at > closing {
                return false;
            }
            changes.push((
                a.reference.clone(),
                Change {
                    at,
                    actor: "hotline-demo".into(),
                    event,
                    note: note.into(),
                },
            ));
            true
        };
        let unit = a
            .unit
            .clone()
            .unwrap_or_else(|| tree.unit(district).code.clone());
        at = at.checked_add(hours(0.3 + rng.unit() * 2.0)).unwrap_or(at);
        if !push(at, Event::Assigned { unit }, "", &mut changes) {
            continue;
        }
        at = at.checked_add(hours(0.5 + rng.unit())).unwrap_or(at);
        if !push(at, Event::Started, "", &mut changes) {
            continue;
        }
        // Most are answered within a day; some take three.
        let wait = if rng.chance(0.8) {
            1.0 + rng.unit() * 20.0
        } else {
            24.0 + rng.unit() * 48.0
        };
        at = at.checked_add(hours(wait)).unwrap_or(at);
        let promised = rng
            .chance(0.4)
            .then(|| Day::in_shanghai(at).plus_days(rng.between(1, 3) as i32))
            .flatten();
        if !push(
            at,
            Event::Answered { promised },
            "已联系来电人并安排处理",
            &mut changes,
        ) {
            continue;
        }
        // Closed by the day promised, mostly; a promise is sometimes missed.
        let delay = match promised {
            Some(p) if rng.chance(0.85) => p
                .at_shanghai(jiff::civil::time(rng.between(9, 20) as i8, 0, 0, 0))
                .map_or(24.0, |t| t.duration_since(at).as_secs_f64() / 3600.0)
                .max(1.0),
            Some(_) => 96.0 + rng.unit() * 48.0,
            None => 6.0 + rng.unit() * 30.0,
        };
        at = at.checked_add(hours(delay)).unwrap_or(at);
        if !push(at, Event::Closed, "", &mut changes) {
            continue;
        }
        // The hotline calls back within a day; most callers give a rating.
        let mut content = false;
        if rng.chance(0.9) {
            let satisfaction = if rng.chance(0.85) {
                rng.between(3, 5)
            } else {
                rng.between(1, 2)
            } as u8;
            let asked = at.checked_add(hours(2.0 + rng.unit() * 20.0)).unwrap_or(at);
            if push(asked, Event::Rated { satisfaction }, "回访", &mut changes) {
                at = asked;
                content = satisfaction >= 3;
            }
        }
        // A caller who said it was solved does not call again to say it was not.
        if rng.chance(0.05) && !content {
            at = at
                .checked_add(hours(12.0 + rng.unit() * 24.0))
                .unwrap_or(at);
            push(at, Event::Reopened, "来电人反映问题没有解决", &mut changes);
        }
    }
    store.add_appeal_changes(&changes).await?;
    Ok(Built {
        appeals: inputs.len(),
        changes: changes.len(),
    })
}
