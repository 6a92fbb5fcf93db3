//! A realistic demo organisation, so that a newcomer sees a real-looking app:
//! the twelve liaison points of the fourth batch (seed 001, January–December
//! 2017), two representatives' studios receiving on the 10th and 20th of each
//! month, representatives and contacts, and the preset opinion categories
//! with one of its own (参政议政). Everything is invented except the
//! liaison points' names; ids are fixed, so loading it twice changes nothing.
//! The phone numbers are made up.

use crate::org::{LiaisonPoint, Org, Representative, Studio};
use crate::{
    Categories, CategoryDef, Contact, ContactId, ContactInput, LiaisonPointId, OrganisationId, OrganisationName,
    PersonName, PlaceName, RepresentativeId, StudioId,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// A fixed id: `kind` tells the record kinds apart, `n` the records.
fn uuid(kind: u16, n: usize) -> Uuid {
    Uuid::from_u128(0x0193_6f4e_8c2a_7b3d_9f10_0000_0000_0000 | (u128::from(kind) << 32) | n as u128)
}

/// The fourth batch of liaison points (seed 001), by province.
const LIAISON_POINTS: [&str; 12] = [
    "民进北京市海淀区委员会",
    "民进上海市静安区委员会",
    "民进山西省吕梁市委员会",
    "民进辽宁省抚顺市委员会",
    "民进黑龙江省大庆市委员会",
    "民进江苏省常州市委员会",
    "民进福建省南平市委员会",
    "民进广东省东莞市委员会",
    "民进海南省三亚市委员会",
    "民进贵州省毕节市工委",
    "民进陕西省渭南市委员会",
    "民进宁夏自治区吴忠市委员会",
];

const REPRESENTATIVES: [&str; 6] = ["王建国", "李红梅", "陈志强", "刘海燕", "赵明远", "周丽华"];

/// Contacts: name, member?, tags, organisation.
const CONTACTS: [(&str, bool, &[&str], &str); 30] = [
    ("张三", true, &["veteran"], "城关镇农业服务中心"),
    ("李四", false, &["household_in_need"], ""),
    ("王秀英", false, &["low_income"], ""),
    ("张伟", true, &["professional_backbone"], "县人民医院"),
    ("刘洋", false, &["entrepreneur"], "绿源果蔬合作社"),
    ("陈静", true, &[], "城关镇第一小学"),
    ("杨帆", false, &[], ""),
    ("黄磊", true, &["professional_backbone"], "县供电公司"),
    ("赵丽", false, &["low_income", "household_in_need"], ""),
    ("周强", true, &["veteran"], ""),
    ("吴敏", false, &[], "幸福村村委会"),
    ("徐建华", true, &["entrepreneur"], "建华农机专业合作社"),
    ("孙丽娟", false, &["household_in_need"], ""),
    ("马俊", true, &[], "县交通运输局"),
    ("朱红", false, &["low_income"], ""),
    ("胡斌", true, &["professional_backbone"], "县第二中学"),
    ("郭芳", false, &[], ""),
    ("何平", true, &["veteran"], ""),
    ("高翔", false, &["entrepreneur"], "高氏茶业"),
    ("林晓燕", true, &[], "县妇幼保健院"),
    ("罗刚", false, &["household_in_need"], ""),
    ("梁桂英", false, &["low_income"], ""),
    ("宋国庆", true, &["veteran"], ""),
    ("郑凯", true, &["professional_backbone"], "县自来水公司"),
    ("谢婷", false, &[], ""),
    ("韩雪", true, &[], "城关镇社区卫生服务中心"),
    ("唐志明", false, &["entrepreneur"], "志明电商服务站"),
    ("冯玉兰", false, &["household_in_need", "low_income"], ""),
    ("单松", true, &["veteran"], ""),
    ("曾庆华", false, &[], "幸福村村委会"),
];

/// The responsible units (责任单位) a matter can be dispatched to: organisations
/// of their own, with no reference data but their names.
const UNITS: [&str; 7] =
    ["县住房和城乡建设局", "县交通运输局", "县教育局", "县卫生健康局", "县民政局", "县生态环境分局", "县公安局"];

fn text<T>(parsed: Result<T, crate::ValidationError>) -> T {
    // The demo's own constants: a failure is a bug in this file, caught by its test.
    parsed.unwrap_or_else(|e| panic!("demo data: {e}"))
}

/// The demo organisation.
pub fn organisation() -> Org {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let studios = [("城关镇党代表工作室", "城关镇人民路 18 号"), ("幸福村党代表工作室", "幸福村村委会二楼")]
        .iter()
        .enumerate()
        .map(|(n, (name, address))| Studio {
            id: StudioId::from_uuid(uuid(1, n)),
            name: text(PlaceName::parse(name)),
            address: text(PlaceName::parse(address)),
            reception_days: vec![10, 20],
        })
        .collect();
    let liaison_points = LIAISON_POINTS
        .iter()
        .enumerate()
        .map(|(n, name)| LiaisonPoint {
            id: LiaisonPointId::from_uuid(uuid(2, n)),
            name: text(OrganisationName::parse(name)),
            batch: 4,
            from: date("2017-01-01"),
            to: date("2017-12-31"),
        })
        .collect();
    let representatives = REPRESENTATIVES
        .iter()
        .enumerate()
        .map(|(n, name)| Representative {
            id: RepresentativeId::from_uuid(uuid(3, n)),
            name: text(PersonName::parse(name)),
        })
        .collect();
    let contacts = CONTACTS
        .iter()
        .enumerate()
        .map(|(n, (name, member, tags, organisation))| {
            let input = ContactInput {
                name: (*name).into(),
                phone: if n % 3 == 2 { String::new() } else { format!("1390000{:04}", 1001 + n) },
                kind: if *member { "member" } else { "public" }.into(),
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                organisation: (*organisation).into(),
            };
            Contact::create(ContactId::from_uuid(uuid(4, n)), &input)
                .unwrap_or_else(|e| panic!("demo contact {name}: {e}"))
        })
        .collect();
    Org {
        id: OrganisationId::from_uuid(uuid(0, 0)),
        name: text(OrganisationName::parse("民进中央学习实践活动领导小组（演示）")),
        studios,
        liaison_points,
        representatives,
        contacts,
        categories: categories(),
    }
}

/// The demo's responsible units, each an organisation (fixed ids, like the rest).
pub fn units() -> Vec<Org> {
    UNITS
        .iter()
        .enumerate()
        .map(|(n, name)| Org {
            id: OrganisationId::from_uuid(uuid(5, n)),
            name: text(OrganisationName::parse(name)),
            studios: Vec::new(),
            liaison_points: Vec::new(),
            representatives: Vec::new(),
            contacts: Vec::new(),
            categories: Categories::preset(),
        })
        .collect()
}

/// The preset categories and one the organisation added.
fn categories() -> Categories {
    let mut defs = Categories::preset().defs().to_vec();
    defs.insert(
        defs.len() - 1,
        CategoryDef::parse("political_participation", "参政议政", "Participation in governance")
            .expect("a valid category"),
    );
    Categories::new(defs).expect("unique codes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_is_what_the_issue_asks_for() {
        let org = organisation();
        assert_eq!(org.liaison_points.len(), 12);
        assert!(org.liaison_points.iter().all(|p| p.batch == 4 && p.from.to_string() == "2017-01-01"));
        assert_eq!(org.studios.len(), 2);
        assert!(org.studios.iter().all(|s| s.reception_days == [10, 20]));
        assert!(org.representatives.len() >= 5);
        assert_eq!(org.contacts.len(), 30);
        assert_eq!(org.categories.defs().len(), 10);
        assert!(org.categories.choose("political_participation").is_ok());
        let units = units();
        assert_eq!(units.len(), UNITS.len());
        assert!(units.iter().all(|u| u.id != org.id));
        let ids: HashSet<String> = org
            .studios
            .iter()
            .map(|s| s.id.to_string())
            .chain(org.liaison_points.iter().map(|p| p.id.to_string()))
            .chain(org.representatives.iter().map(|r| r.id.to_string()))
            .chain(org.contacts.iter().map(|c| c.id.to_string()))
            .collect();
        assert_eq!(ids.len(), 2 + 12 + org.representatives.len() + 30, "ids are unique");
        assert_eq!(organisation(), org, "the same every time");
        let initials = crate::pinyin::Initials::builtin();
        assert!(org.contacts.iter().any(|c| c.matches("zs", Some(initials))));
    }
}
