//! Photos on a card: taking or choosing them while the card is a draft, and
//! showing them (thumbnails while editing and in lists, full size on the
//! submitted card and in its print view).

use crate::i18n::{tr, use_i18n};
use crate::perf;
use crate::storage::StoredPhoto;
use crate::tools::{self, Refusal};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::PhotoId;
use liaison_core::addendum::CardRef;
use liaison_core::photo::{MAX_PER_CARD, Photo, PhotoError, PhotoRecord};
use liaison_i18n::Msg;
use wasm_bindgen::JsCast;

/// Shrinks a chosen file in the tools module (decoding and encoding images is
/// kept out of the app shell); the description comes back checked by the core.
async fn shrink(file: &web_sys::File, card: CardRef) -> Result<(Photo, web_sys::Blob, web_sys::Blob), Refusal> {
    let (kind, id) = card.parts();
    let answer = tools::call("shrink_photo", &[file.into(), kind.into(), id.into()]).await?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &name.into()).ok();
    let unreadable = || Refusal::Msg(PhotoError::Unreadable.msg());
    let record: PhotoRecord =
        field("record").and_then(|r| serde_wasm_bindgen::from_value(r).ok()).ok_or_else(unreadable)?;
    let photo = Photo::try_from(record).map_err(|_| unreadable())?;
    let blob = |name: &str| field(name).and_then(|b| b.dyn_into::<web_sys::Blob>().ok()).ok_or_else(unreadable);
    Ok((photo, blob("image")?, blob("thumb")?))
}

/// An object URL for a blob, revoked when the owning view is dropped.
struct BlobUrl(String);

impl BlobUrl {
    fn new(blob: &web_sys::Blob) -> Option<BlobUrl> {
        web_sys::Url::create_object_url_with_blob(blob).ok().map(BlobUrl)
    }
}

impl Drop for BlobUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}

/// A photo on screen: its id and the URL of what is shown.
#[derive(Clone)]
struct Shown {
    id: PhotoId,
    /// None yet for a photo another phone took whose thumbnail is not here.
    url: Option<std::rc::Rc<BlobUrl>>,
    /// Another phone's photo shown as its thumbnail: tapping fetches the JPEG.
    tap: bool,
    /// Why it shows no picture (or not the full one).
    note: Option<Msg>,
}

fn show(photos: Vec<StoredPhoto>, full: bool) -> Vec<Shown> {
    photos
        .into_iter()
        .map(|p| {
            let blob = if full && !p.pulled { &p.image } else { &p.thumb };
            let url = blob.as_ref().and_then(BlobUrl::new).map(std::rc::Rc::new);
            Shown { id: p.photo.id, url, tap: p.pulled, note: None }
        })
        .collect()
}

/// The photos of `card`. While `editable`, with buttons to take or choose more
/// (up to nine) and to remove one; otherwise full size, as on the paper card.
#[component]
pub fn Photos(card: CardRef, #[prop(optional)] editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let list = RwSignal::new_local(Vec::<Shown>::new());
    let busy = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());

    // Another phone's photo comes from the server (through the tools
    // module): its thumbnail when the card is shown, its JPEG when tapped.
    let fetch = move |id: PhotoId, full: bool| {
        let set = move |url: Option<BlobUrl>, note: Option<Msg>| {
            list.update(|l| {
                if let Some(shown) = l.iter_mut().find(|s| s.id == id) {
                    if let Some(url) = url {
                        shown.url = Some(std::rc::Rc::new(url));
                        shown.tap = !full;
                    }
                    shown.note = note;
                }
            })
        };
        leptos::task::spawn_local(async move {
            match tools::call("fetch_photo", &[id.to_string().into(), full.into()]).await {
                Ok(blob) => set(blob.dyn_into::<web_sys::Blob>().ok().as_ref().and_then(BlobUrl::new), None),
                Err(Refusal::Msg(msg)) => set(None, Some(msg)),
                Err(Refusal::Text(_)) => set(None, Some(Msg::PhotoFetchFailed)),
            }
        });
    };
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(storage) = data.storage()
                && let Ok(photos) = storage.photos(card).await
            {
                let shown = show(photos, !editable);
                let missing: Vec<PhotoId> = shown.iter().filter(|s| s.url.is_none()).map(|s| s.id).collect();
                list.set(shown);
                for id in missing {
                    fetch(id, false);
                }
            }
        })
    };
    load();
    // Back online with the card open: fetch what waited for the network.
    let online = window_event_listener(leptos::ev::online, move |_| {
        let waiting = list.with_untracked(|l| {
            l.iter().filter(|s| s.note == Some(Msg::PhotoOnServer)).map(|s| (s.id, s.url.is_some())).collect::<Vec<_>>()
        });
        for (id, shown) in waiting {
            fetch(id, shown);
        }
    });
    on_cleanup(move || online.remove());

    let add = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files: Vec<web_sys::File> =
            input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
        input.set_value("");
        busy.set(true);
        problems.set(Vec::new());
        leptos::task::spawn_local(async move {
            let Ok(storage) = data.storage() else { return };
            let mut found = Vec::new();
            for file in files {
                if list.with_untracked(Vec::len) >= MAX_PER_CARD {
                    found.push(i18n.t(PhotoError::TooMany.msg()).to_owned());
                    break;
                }
                perf::mark("liaison:photo-start");
                let shrunk = shrink(&file, card).await;
                perf::mark("liaison:photo-end");
                perf::measure("liaison:photo", "liaison:photo-start", "liaison:photo-end");
                let problem = match shrunk {
                    Err(refusal) => Some(refusal.text(i18n)),
                    Ok((photo, image, thumb)) => {
                        storage.add_photo(&photo, &image, &thumb).await.err().map(|e| i18n.t(e.msg()).to_owned())
                    }
                };
                match problem {
                    Some(problem) => {
                        found.push(i18n.fill(Msg::PhotoFileName, &[("name", &file.name()), ("problem", &problem)]))
                    }
                    None => {
                        if let Ok(photos) = storage.photos(card).await {
                            list.set(show(photos, false));
                        }
                    }
                }
            }
            problems.set(found);
            busy.set(false);
        });
    };

    let remove = move |id: PhotoId| {
        if !super::autosave::confirm(i18n.t(Msg::PhotoRemoveConfirm)) {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(storage) = data.storage() {
                match storage.delete_photo(card, id).await {
                    Ok(()) => load(),
                    Err(e) => problems.set(vec![i18n.t(e.msg()).to_owned()]),
                }
            }
        });
    };

    let full = move || list.with(Vec::len) >= MAX_PER_CARD;
    view! {
        <div class="photos" data-testid="photos" hidden=move || !editable && list.with(Vec::is_empty)>
            <h2>{tr(Msg::Photos)} " "
                <span class="muted small" data-testid="photo-count">{move || i18n.fill(Msg::PhotoCount, &[
                    ("count", &list.with(Vec::len).to_string()), ("max", &MAX_PER_CARD.to_string())])}</span>
            </h2>
            <ul class={if editable { "photo-grid" } else { "photo-grid full" }}>
                {move || list.get().into_iter().enumerate().map(|(n, shown)| {
                    let number = (n + 1).to_string();
                    let alt = i18n.fill(Msg::PhotoAlt, &[("n", &number)]);
                    let picture = match (shown.url, shown.tap) {
                        (Some(url), true) => view! {
                            <button type="button" class="photo-open"
                                aria-label=i18n.fill(Msg::PhotoShowFull, &[("n", &number)])
                                on:click=move |_| fetch(shown.id, true)>
                                <img src=url.0.clone() alt=alt data-testid="photo" data-thumb=""/>
                            </button>
                        }.into_any(),
                        (Some(url), false) => view! { <img src=url.0.clone() alt=alt data-testid="photo"/> }.into_any(),
                        (None, _) => view! { <div class="photo-placeholder" role="img" aria-label=alt></div> }.into_any(),
                    };
                    view! {
                        <li>
                            {picture}
                            {shown.note.map(|m| view! { <p class="muted small" data-testid="photo-note">{tr(m)}</p> })}
                            <button type="button" class="remove no-print" hidden=!editable
                                aria-label=move || i18n.t(Msg::PhotoRemove) data-testid="photo-remove"
                                on:click=move |_| remove(shown.id)>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || editable>
                <p class="muted" role="status" hidden=move || !busy.get()>{tr(Msg::PhotoProcessing)}</p>
                <div class="photo-actions no-print">
                    <label class="button" class:disabled=full for="photo-camera">{tr(Msg::TakePhoto)}</label>
                    <input id="photo-camera" type="file" accept="image/*" capture="environment" class="visually-hidden"
                        disabled=full data-testid="photo-camera" on:change=add/>
                    <label class="button" class:disabled=full for="photo-gallery">{tr(Msg::ChoosePhotos)}</label>
                    <input id="photo-gallery" type="file" accept="image/*" multiple class="visually-hidden"
                        disabled=full data-testid="photo-gallery" on:change=add/>
                </div>
                <ul class="problems" role="alert" data-testid="photo-problems" hidden=move || problems.with(Vec::is_empty)>
                    {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </Show>
        </div>
    }
}

/// The thumbnail of a card's first photo, for lists; nothing if it has none.
#[component]
pub fn CardThumb(card: CardRef) -> impl IntoView {
    let data = expect_context::<AppData>();
    let url = RwSignal::new_local(None::<std::rc::Rc<BlobUrl>>);
    leptos::task::spawn_local(async move {
        if let Ok(storage) = data.storage()
            && let Ok(Some(thumb)) = storage.first_thumb(card).await
        {
            url.set(BlobUrl::new(&thumb).map(std::rc::Rc::new));
        }
    });
    move || url.get().map(|u| view! { <img class="thumb" src=u.0.clone() alt="" data-testid="card-thumb"/> })
}
