//! Paths name screens (run in headless Chromium with the other browser tests).

use liaison_app::router::Screen;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn paths_name_screens() {
    let id = "01936f4e-8c2a-7b3d-9f10-123456789abc";
    assert_eq!(Screen::parse("/"), Screen::Home);
    assert_eq!(Screen::parse(""), Screen::Home);
    assert_eq!(Screen::parse("/index.html"), Screen::Home);
    assert_eq!(Screen::parse("/opinions/new"), Screen::NewOpinion);
    assert_eq!(Screen::parse("/receptions/new/"), Screen::NewReception);
    assert_eq!(Screen::parse(&format!("/receptions/edit/{id}")), Screen::EditReception(id.parse().unwrap()));
    assert_eq!(Screen::parse(&format!("/receptions/{id}")), Screen::Reception(id.parse().unwrap()));
    assert_eq!(Screen::parse("/receptions/not-an-id"), Screen::NotFound);
    assert_eq!(Screen::parse("/receptions/edit/"), Screen::NotFound);
    assert_eq!(Screen::parse("/contacts"), Screen::Contacts);
    assert_eq!(Screen::parse("/no/such/screen"), Screen::NotFound);
}
