//! Matter figures (printed, never asserted) over 100,000 matters of one
//! organisation in a fresh SQLite database in a temporary directory — and in
//! PostgreSQL too when `LIAISON_TEST_DATABASE_URL` is set (`cargo xtask
//! bench-matters` starts a throwaway cluster): the
//! office's inbox first page (`Database::matters`, 50 items) and the similar
//! matters of 20 random matters (what `GET /api/v1/matters/{id}/similar`
//! does: the matter read, the sketch index searched, the candidates scored).
//! Run it with `cargo xtask bench-matters`, or
//! `cargo run --release -p liaison-server --example bench_matters [matters]`.
//!
//! The matters are made the way production makes them, straight through the
//! store: representatives' phones push opinion cards with `Database::sync`,
//! 2,000 a request, and each new card becomes a matter with its sketch in the
//! push's transaction. The texts (40–280 characters) are phrases of everyday
//! complaints (roads, lights, water, schools …) with places, times and filler
//! characters drawn at random from a fixed seed; one in twenty is a reworded
//! copy of an earlier one, so the similar query has something to find.

#[path = "common/mod.rs"]
mod common;

use chrono::{DateTime, TimeDelta, Utc};
use liaison_core::MatterId;
use liaison_core::account::Role;
use liaison_server::matters::similar::{CANDIDATES, SUGGESTIONS, similar};
use liaison_server::store::{MatterFilter, MatterScope, Store};
use liaison_server::sync::LIMITS;
use liaison_sync::{Collection, Cursor, Mutation, MutationSeq, Op, RecordKey, SyncRequest};
use serde_json::{Value, json};
use std::time::Instant;
use uuid::Uuid;

const MATTERS: usize = 100_000;
const REPRESENTATIVES: usize = 20;
const RUNS: usize = 20;

/// xorshift64*: a fixed seed, so every run makes the same texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const PLACES: &[&str] = &[
    "村口",
    "小区东门",
    "三号楼",
    "镇政府门前",
    "菜市场",
    "中心小学",
    "卫生院",
    "老街",
    "河堤",
    "公交站",
    "工业园",
    "新村",
    "幸福路",
    "文化广场",
    "养老院",
];
const THINGS: &[&str] = &[
    "路灯",
    "道路",
    "排水沟",
    "垃圾站",
    "停车位",
    "电梯",
    "自来水管",
    "公交线路",
    "校车",
    "健身器材",
    "井盖",
    "污水管网",
    "菜市场摊位",
    "快递柜",
    "充电桩",
    "红绿灯",
    "人行道",
    "围墙",
    "桥梁护栏",
    "绿化带",
];
const TROUBLES: &[&str] = &[
    "坏了很久没人修",
    "经常堵塞",
    "数量不够",
    "离得太远",
    "噪音太大",
    "破损严重",
    "存在安全隐患",
    "晚上不亮",
    "收费不合理",
    "一下雨就积水",
    "被长期占用",
    "无人管理",
    "设置不合理",
    "年久失修",
];
const WHO: &[&str] = &["老人", "孩子", "上班族", "残疾人", "周边商户", "住户", "村民", "学生家长"];
const EFFECTS: &[&str] = &[
    "出行很不方便",
    "影响日常生活",
    "多次反映未果",
    "夜里休息不好",
    "存在很大风险",
    "上下班绕远路",
    "孩子上学不安全",
    "生意受到影响",
    "意见很大",
];
const WISHES: &[&str] = &[
    "请有关部门尽快维修",
    "建议统一规划",
    "请派人实地查看",
    "建议增加投入",
    "请尽快协调解决",
    "建议加强管理",
    "请给个答复",
    "建议听取居民意见",
];
const FILLER: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

/// One opinion text: one to three complaints, each with filler characters.
fn text(rng: &mut Rng, filler: &[char]) -> String {
    let mut out = String::new();
    let sentences = 1 + rng.below(3);
    for _ in 0..sentences {
        out.push_str(&format!(
            "{}的{}{}，{}{}，",
            rng.pick(PLACES),
            rng.pick(THINGS),
            rng.pick(TROUBLES),
            rng.pick(WHO),
            rng.pick(EFFECTS)
        ));
        for _ in 0..15 + rng.below(45) {
            out.push(filler[rng.below(filler.len())]);
        }
        out.push_str(&format!("。{}。", rng.pick(WISHES)));
    }
    out
}

/// `text` reworded: a few characters dropped or replaced, a sentence added.
fn reworded(rng: &mut Rng, text: &str, filler: &[char]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + chars.len() / 20 {
        let at = rng.below(chars.len());
        if rng.below(2) == 0 {
            chars.remove(at);
        } else {
            chars[at] = filler[rng.below(filler.len())];
        }
    }
    let mut out: String = chars.into_iter().collect();
    out.push_str(rng.pick(WISHES));
    out
}

fn card(id: Uuid, content: &str, place: &str, collected_at: DateTime<Utc>) -> liaison_sync::Body {
    let golden = include_str!("../../liaison-core/tests/golden/opinion_card_v3.json");
    let Ok(Value::Object(mut body)) = serde_json::from_str(golden) else { unreachable!() };
    body.insert("id".into(), json!(id.hyphenated().to_string()));
    body.insert("content".into(), json!(content));
    body.insert("place".into(), json!(place));
    body.insert("collected_at".into(), json!(liaison_core::time::to_wire(collected_at)));
    body.insert("urgency".into(), json!(if id.as_u128().is_multiple_of(10) { "urgent" } else { "normal" }));
    body
}

#[tokio::main]
async fn main() {
    let matters: usize = std::env::args().nth(1).map_or(MATTERS, |n| n.parse().expect("a number of matters"));
    let data = tempfile::tempdir().unwrap();
    bench("SQLite (temporary directory)", Store::open(data.path()).await.unwrap(), matters).await;
    let Some(db) = common::postgres::BenchDatabase::create("bench-matters").await else { return };
    bench("PostgreSQL (local throwaway cluster)", Store::connect_postgres(&db.url).await.unwrap(), matters).await;
    db.drop().await;
}

/// The figures over `matters` matters made in `store`.
async fn bench(label: &str, store: Store, matters: usize) {
    let org = liaison_core::demo::organisation();
    store.load_org(&org).await.unwrap();
    let mut phones = Vec::new();
    for n in 0..REPRESENTATIVES {
        let (user, device) = common::person(&store, &format!("rep{n}"), Role::Representative, org.id).await;
        phones.push((user, device, None::<Cursor>, 1u64));
    }

    let filler: Vec<char> = FILLER.chars().collect();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let start = DateTime::parse_from_rfc3339("2025-12-01T00:00:00Z").unwrap().to_utc();
    let mut texts: Vec<String> = Vec::with_capacity(matters);
    let made = Instant::now();
    let mut pushed = 0;
    while pushed < matters {
        let batch = LIMITS.max_push.min(matters - pushed);
        let phone = pushed / LIMITS.max_push % REPRESENTATIVES;
        let (user, device, cursor, next_seq) = &mut phones[phone];
        if cursor.is_none() {
            let first = SyncRequest { v: 1, device: *device, cursor: None, push: vec![], pull_limit: 1 };
            let device_id = liaison_core::DeviceId::from_uuid(device.as_uuid());
            *cursor = Some(store.sync(user.id, device_id, &first, &LIMITS, Utc::now()).await.unwrap().response.cursor);
        }
        let push: Vec<Mutation> = (0..batch)
            .map(|_| {
                let content = if texts.len() > 100 && rng.below(20) == 0 {
                    let earlier = texts[rng.below(texts.len())].clone();
                    reworded(&mut rng, &earlier, &filler)
                } else {
                    text(&mut rng, &filler)
                };
                let place = rng.pick(PLACES);
                let at = start + TimeDelta::minutes(rng.below(360 * 24 * 60) as i64);
                let id = Uuid::new_v4();
                let body = card(id, &content, place, at);
                texts.push(content);
                let seq = MutationSeq(*next_seq);
                *next_seq += 1;
                Mutation { seq, key: RecordKey { collection: Collection::OpinionCard, id }, op: Op::Create { body } }
            })
            .collect();
        let request = SyncRequest { v: 1, device: *device, cursor: *cursor, push, pull_limit: 1 };
        let device_id = liaison_core::DeviceId::from_uuid(device.as_uuid());
        store.sync(user.id, device_id, &request, &LIMITS, Utc::now()).await.unwrap();
        pushed += batch;
    }
    let made = made.elapsed();

    let scope = MatterScope::Office { org: org.id, below: Vec::new() };
    let page = |offset: u32, limit: u32| MatterFilter { offset, limit, ..MatterFilter::everything(Utc::now()) };
    let total = store.matters(&scope, &page(0, 1)).await.unwrap().total;
    println!(
        "{label}: {total} matters of one organisation, made through Database::sync in {:.1} s \
         ({REPRESENTATIVES} phones, {} cards a request)",
        made.as_secs_f64(),
        LIMITS.max_push
    );

    let mut inbox = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let first = store.matters(&scope, &page(0, 50)).await.unwrap();
        inbox.push(t.elapsed());
        assert_eq!(first.items.len(), 50.min(matters));
    }
    let (median, p95) = common::figures(inbox);
    println!(
        "  inbox first page (office scope, 50 items, with the total)  median {median:>7.1} ms  p95 {p95:>7.1} ms   (target ≤ 100 ms)"
    );

    // 20 matters at random offsets in the inbox's order.
    let mut ids: Vec<MatterId> = Vec::new();
    for _ in 0..RUNS {
        let offset = rng.below(matters) as u32;
        ids.push(store.matters(&scope, &page(offset, 1)).await.unwrap().items[0].matter.id);
    }
    let (mut times, mut searches) = (Vec::new(), Vec::new());
    let (mut suggested, mut candidates) = (0, 0);
    for id in &ids {
        let t = Instant::now();
        let listing = store.matter(*id).await.unwrap().unwrap();
        let found = similar(&store, &listing, SUGGESTIONS).await.unwrap();
        times.push(t.elapsed());
        suggested += found.len();
        // The index search alone, again.
        let codes = liaison_core::matter::similar::sketch(listing.cards[0].content.as_str());
        let t = Instant::now();
        candidates += store.similar_candidates(org.id, *id, &codes, CANDIDATES).await.unwrap().len();
        searches.push(t.elapsed());
    }
    let (median, p95) = common::figures(times);
    println!(
        "  similar matters of {RUNS} random matters (read, search, score)  median {median:>7.1} ms  p95 {p95:>7.1} ms   (target ≤ 200 ms)"
    );
    let (median, p95) = common::figures(searches);
    println!(
        "    of which the sketch index's search for {CANDIDATES} candidates   median {median:>7.1} ms  p95 {p95:>7.1} ms"
    );
    println!(
        "    {:.1} candidates and {:.1} suggestions a matter on average",
        candidates as f64 / RUNS as f64,
        suggested as f64 / RUNS as f64
    );
    store.close().await;
}
