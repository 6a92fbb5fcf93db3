//! The catalogue itself: one line per message, `Key = "stable_key" => "中文", "English"`.
//!
//! Add messages anywhere; never change a stable key once it has shipped (stored
//! errors and server answers refer to it). Mark a message `@tools` when only
//! screens the tools module draws show it (see `text!`). Keep Chinese texts in full-width
//! punctuation, as a reader in mainland China expects.

use crate::Locale;

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $(@$tools:ident)? $name:ident = $key:literal => $zh:literal, $en:literal; )*) => {
        /// A message key. `text` gives it in a language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $( $(#[$doc])* $name, )*
        }

        impl Msg {
            /// Every message, in catalogue order.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// The stable, snake_case key (used on the wire and in stored errors).
            pub fn key(self) -> &'static str {
                KEYS[self as usize]
            }

            /// The message for a stable key, if there is one.
            pub fn from_key(key: &str) -> Option<Msg> {
                KEYS.iter().position(|k| *k == key).map(|i| Msg::ALL[i])
            }

            /// The text in `locale`, placeholders unfilled.
            pub fn text(self, locale: Locale) -> &'static str {
                let [zh, en] = TEXTS[self as usize];
                match locale {
                    Locale::ZhCn => zh,
                    Locale::En => en,
                }
            }
        }

        // Tables indexed by the message's place in the catalogue rather than
        // `match`es over some 600 messages, which compile to much more wasm.
        /// Every message's stable key, in catalogue order.
        static KEYS: &[&str] = &[$($key,)*];
        /// Every message's texts (Chinese, English), in catalogue order.
        static TEXTS: &[[&str; 2]] = &[$([text!($($tools)? $zh), text!($($tools)? $en)],)*];
    };
}

/// A message's text as compiled in. Messages marked `@tools` are shown only
/// by screens the tools module draws (the desk, the admin screen, settings,
/// contacts, documents…); the app shell, built with the `shell` feature,
/// leaves their texts out, which keeps it under its size budget. Their keys
/// stay. `tests/shell.rs` checks that no file of the shell names one.
macro_rules! text {
    (tools $text:literal) => {
        if cfg!(feature = "shell") { "" } else { $text }
    };
    ($text:literal) => {
        $text
    };
}

impl Msg {
    /// Messages that are the same in every language (names, symbols).
    pub fn is_language_neutral(self) -> bool {
        matches!(self, Msg::LanguageName)
    }
}

catalogue! {
    // The app frame.
    AppName = "app_name" => "联络", "Liaison";
    AppTagline = "app_tagline" => "事事有记录,件件有回音", "Every matter recorded, every one answered";
    LanguageLabel = "language_label" => "语言", "Language";
    /// The name of the other language on the language switch is the language's own name.
    LanguageName = "language_name" => "中文 / English", "中文 / English";
    Loading = "loading" => "正在加载……", "Loading…";
    Offline = "offline" => "离线", "Offline";
    Online = "online" => "在线", "Online";
    NotFound = "not_found" => "找不到这个页面。", "This page does not exist.";
    BackHome = "back_home" => "返回首页", "Back to the start page";

    // Updates of the app itself.
    UpdateAvailable = "update_available" => "新版本已就绪。", "A new version is ready.";
    UpdateNow = "update_now" => "更新", "Update";
    UpdateLater = "update_later" => "稍后", "Later";

    // Opinion cards (社情民意收集卡).
    OpinionCards = "opinion_cards" => "社情民意收集卡", "Opinion cards";
    NewOpinionCard = "new_opinion_card" => "新建收集卡", "New opinion card";
    NoCardsYet = "no_cards_yet" => "还没有收集卡。点“新建收集卡”记下第一条意见。", "No opinion cards yet. Tap “New opinion card” to record the first one.";
    CardCount = "card_count" => "共 {count} 张", "{count} in all";
    FieldContent = "field_content" => "意见内容", "Opinion";
    FieldContentHint = "field_content_hint" => "群众反映的意见、诉求或建议", "The opinion, request or suggestion raised";
    FieldCategory = "field_category" => "类别", "Category";
    ChooseCategory = "choose_category" => "请选择类别", "Choose a category";
    FieldPlace = "field_place" => "地点", "Place";
    FieldPlaceHint = "field_place_hint" => "例如:城关镇党代表工作室", "For example: Chengguan town studio";
    FieldCollectedAt = "field_collected_at" => "收集时间", "Collected at";
    Save = "save" => "保存", "Save";
    Saving = "saving" => "正在保存……", "Saving…";
    @tools Cancel = "cancel" => "取消", "Cancel";
    @tools Saved = "saved" => "已保存到本机。", "Saved on this device.";
    FixErrors = "fix_errors" => "请先改正标出的错误。", "Please correct the marked fields first.";

    // Categories of opinions.
    CategoryUrbanConstruction = "category_urban_construction" => "城乡建设", "Urban and rural construction";
    CategoryEconomy = "category_economy" => "经济发展", "Economic development";
    CategoryEducation = "category_education" => "教育", "Education";
    CategoryHealth = "category_health" => "医疗卫生", "Health";
    CategoryEnvironment = "category_environment" => "生态环境", "Environment";
    CategorySocialSecurity = "category_social_security" => "社会保障", "Social security";
    CategoryPublicOrder = "category_public_order" => "社会治安", "Public order";
    CategoryPartyBuilding = "category_party_building" => "党的建设", "Party building";
    CategoryOther = "category_other" => "其他", "Other";

    // Validation errors (liaison-core's `ValidationError`).
    Required = "required" => "此项必填。", "This field is required.";
    TooLong = "too_long" => "不能超过 {max} 个字。", "At most {max} characters.";
    DuplicateCategory = "duplicate_category" => "类别代码重复。", "A category code appears twice.";
    UnknownCategory = "unknown_category" => "请从列表中选择类别。", "Choose a category from the list.";
    DateTimeInvalid = "date_time_invalid" => "时间格式不正确,请重新选择。", "This is not a valid date and time; choose it again.";
    DateTimeInFuture = "date_time_in_future" => "时间不能晚于现在。", "The time cannot be later than now.";
    DateTimeTooEarly = "date_time_too_early" => "时间早于 2000 年,请检查。", "The time is before the year 2000; please check it.";
    PhoneInvalid = "phone_invalid" => "请输入 11 位手机号码。", "Enter an 11-digit mainland mobile number.";
    EndBeforeStart = "end_before_start" => "结束时间不能早于开始时间。", "The end cannot be before the start.";
    TooMany = "too_many" => "最多 {max} 项。", "At most {max} items.";
    UnknownChoice = "unknown_choice" => "请从列表中选择。", "Choose from the list.";
    DateInvalid = "date_invalid" => "日期格式不正确，请重新选择。", "This is not a valid date; choose it again.";
    ListedTwice = "listed_twice" => "同一项不能重复填写。", "The same item is listed twice.";
    IdInvalid = "id_invalid" => "记录编号无效。", "The record id is not valid.";
    UnsupportedVersion = "unsupported_version" => "数据格式版本 {version} 无法识别,请更新应用。", "Data format version {version} is not known; please update the app.";

    // Reception record cards (接待、约见活动记录卡).
    ReceptionCards = "reception_cards" => "接待记录卡", "Reception record cards";
    NewReceptionCard = "new_reception_card" => "新建记录卡", "New reception card";
    FieldActivityKind = "field_activity_kind" => "活动形式", "Kind of activity";
    FieldStartedAt = "field_started_at" => "开始时间", "Started at";
    FieldEndedAt = "field_ended_at" => "结束时间", "Ended at";
    FieldVenue = "field_venue" => "地点", "Where";
    FieldRepresentatives = "field_representatives" => "参加的党代表", "Representatives present";
    FieldRepresentativesHint = "field_representatives_hint" => "姓名,多人用逗号或顿号分开", "Names, separated by commas";
    FieldAttendees = "field_attendees" => "来访人员", "People who came";
    FieldTopic = "field_topic" => "主题", "Topic";
    FieldSummary = "field_summary" => "交流内容", "What was said";
    FieldOpinions = "field_opinions" => "收集的意见", "Opinions raised";
    AddOpinion = "add_opinion" => "添加一条意见", "Add an opinion";
    RemoveOpinion = "remove_opinion" => "删除这条意见", "Remove this opinion";
    AddWalkIn = "add_walk_in" => "添加来访人", "Add a walk-in";
    PickContact = "pick_contact" => "从联系对象中选择", "Pick from contacts";
    Remove = "remove" => "移除", "Remove";
    Submit = "submit" => "提交", "Submit";
    Submitted = "submitted" => "已提交", "Submitted";
    Draft = "draft" => "草稿", "Draft";
    DraftSaved = "draft_saved" => "草稿已自动保存", "Draft saved automatically";
    DeleteDraft = "delete_draft" => "删除草稿", "Delete draft";
    ConfirmDeleteDraft = "confirm_delete_draft" => "确定删除这份草稿吗?删除后无法恢复。", "Delete this draft? This cannot be undone.";
    OpinionNumber = "opinion_number" => "意见 {n}", "Opinion {n}";
    WalkIn = "walk_in" => "来访人", "Walk-in";
    Anonymous = "anonymous" => "匿名", "Anonymous";
    FieldUrgency = "field_urgency" => "紧急程度", "Urgency";
    UrgencyNormal = "urgency_normal" => "一般", "Normal";
    UrgencyUrgent = "urgency_urgent" => "紧急", "Urgent";
    FieldRaisedBy = "field_raised_by" => "反映人", "Raised by";
    AttendeeCount = "attendee_count" => "{count} 人来访", "{count} came";
    OpinionCount = "opinion_count" => "{count} 条意见", "{count} opinions";

    // Addenda (补充说明) to submitted cards.
    @tools Addenda = "addenda" => "补充说明", "Addenda";
    @tools AddAddendum = "add_addendum" => "添加补充说明", "Add an addendum";
    @tools AddendumHint = "addendum_hint" => "已提交的卡片不能修改;更正或补充的内容写在这里,会附在卡片后面。", "A submitted card cannot be changed; write corrections or additions here and they are appended to it.";

    // Finding cards.
    FindCards = "find_cards" => "查找:内容、地点、人名", "Find: text, place, names";
    AllKinds = "all_kinds" => "全部形式", "All kinds";
    AllCategories = "all_categories" => "全部类别", "All categories";
    StateAll = "state_all" => "全部状态", "Any state";
    DateFrom = "date_from" => "从", "From";
    DateTo = "date_to" => "到", "To";
    ShowMore = "show_more" => "显示更多", "Show more";
    NoResults = "no_results" => "没有符合条件的卡片。", "No cards match.";
    ClearFilters = "clear_filters" => "清除条件", "Clear";
    Print = "print" => "打印", "Print";
    FieldCollectedBy = "field_collected_by" => "收集人", "Collected by";
    OpinionCardPaperTitle = "opinion_card_paper_title" => "社情民意收集卡", "Opinion collection card";
    OpinionCard = "opinion_card" => "收集卡", "Opinion card";
    FromReception = "from_reception" => "查看提出这条意见的接待记录卡", "See the reception card it was raised at";
    ReceptionCardPaperTitle = "reception_card_paper_title" => "接待、约见党员群众活动记录卡", "Record of receptions and appointments with members and the public";

    // Kinds of activity.
    KindReception = "kind_reception" => "接待", "Reception";
    KindAppointment = "kind_appointment" => "约见", "Appointment";
    KindHomeVisit = "kind_home_visit" => "走访谈心", "Home visit";
    KindForum = "kind_forum" => "座谈会", "Forum";
    KindLecture = "kind_lecture" => "专题讲座", "Lecture";
    KindBranchMeeting = "kind_branch_meeting" => "支部生活会", "Branch meeting";
    KindVeteranVisit = "kind_veteran_visit" => "看望老同志", "Veteran visit";
    KindFieldResearch = "kind_field_research" => "调研", "Field research";
    KindConsultation = "kind_consultation" => "恳谈", "Consultation";
    KindAssistanceVisit = "kind_assistance_visit" => "结对帮扶", "Assistance visit";

    // Contacts (联系对象).
    Contacts = "contacts" => "联系对象", "Contacts";
    @tools NewContact = "new_contact" => "新建联系对象", "New contact";
    SaveAsContact = "save_as_contact" => "存为联系对象", "Save as a contact";
    SearchContacts = "search_contacts" => "搜索姓名或拼音首字母(如 zs)", "Search by name or pinyin initials (e.g. zs)";
    @tools NoContacts = "no_contacts" => "还没有联系对象。", "No contacts yet.";
    @tools NoMatches = "no_matches" => "没有找到。", "Nothing found.";
    FieldName = "field_name" => "姓名", "Name";
    FieldPhone = "field_phone" => "手机号(可不填)", "Mobile (optional)";
    FieldContactKind = "field_contact_kind" => "身份", "Who";
    FieldTags = "field_tags" => "类别标签", "Tags";
    FieldOrganisation = "field_organisation" => "单位", "Organisation";
    ContactMember = "contact_member" => "党员", "Party member";
    ContactPublic = "contact_public" => "群众", "Member of the public";
    TagLowIncome = "tag_low_income" => "低收入群体", "Low income";
    TagProfessionalBackbone = "tag_professional_backbone" => "业务骨干", "Professional backbone";
    TagEntrepreneur = "tag_entrepreneur" => "致富带头人", "Local entrepreneur";
    TagVeteran = "tag_veteran" => "老同志", "Veteran";
    TagHouseholdInNeed = "tag_household_in_need" => "困难群众", "Household in need";

    // Storage on the device.
    StorageUnavailable = "storage_unavailable" => "此浏览器不能在本机保存数据(可能是无痕模式)。请换用普通模式。", "This browser cannot keep data on this device (private mode?). Please use a normal window.";
    StorageFailed = "storage_failed" => "保存到本机失败,卡片还在表单里。请重试。", "Saving on this device failed; the card is still in the form. Please try again.";
    StorageReadFailed = "storage_read_failed" => "读取本机数据失败:有的记录无法显示。", "Reading data on this device failed: some records cannot be shown.";

    // Settings and the data on this device.
    Settings = "settings" => "设置", "Settings";
    @tools DeviceStorage = "device_storage" => "本机存储", "Storage on this device";
    @tools StorageUsage = "storage_usage" => "已用 {used},尚可用 {available}", "{used} used, {available} available";
    @tools StoragePersisted = "storage_persisted" => "浏览器已同意持久保存本机数据,不会在空间紧张时自动清除。", "The browser agreed to keep this data; it will not clear it when space runs low.";
    @tools StorageNotPersisted = "storage_not_persisted" => "浏览器可能在空间紧张时清除本机数据。请定期导出备份。", "The browser may clear this data when space runs low. Export a backup regularly.";
    @tools ExportData = "export_data" => "导出全部数据", "Export all data";
    @tools ExportHint = "export_hint" => "导出的文件包含本机所有卡片、联系对象和草稿,可在新手机上导入。", "The file holds every card, contact and draft on this device; import it on a new phone.";
    @tools ImportData = "import_data" => "从文件导入", "Import from a file";
    @tools ImportResult = "import_result" => "导入完成:新增 {added} 条,本机已有 {present} 条,无法识别 {rejected} 条。", "Imported: {added} added, {present} already here, {rejected} unreadable.";
    ToolsUnavailable = "tools_unavailable" => "这个功能暂时无法加载，请联网后再试一次。", "This tool could not be loaded; connect to the network once and try again.";
    ImportBadFile = "import_bad_file" => "这个文件不是联络导出的数据文件,没有导入任何内容。", "This file is not a Liaison export; nothing was imported.";
    ImportNewerVersion = "import_newer_version" => "这个文件来自更新版本的联络,请先更新应用。", "This file comes from a newer Liaison; update the app first.";
    StorageFull = "storage_full" => "本机存储空间已满,卡片没有保存。请先下载这张卡片的文件留存,再清理空间后重试。", "Storage on this device is full; the card was not saved. Download it as a file first, then free some space and try again.";
    DownloadCard = "download_card" => "下载这张卡片", "Download this card";

    // The organisation's reference data on the phone.
    @tools OrgData = "org_data" => "组织数据", "Organisation data";
    @tools OrgDataHint = "org_data_hint" => "载入本组织的党代表工作室、联系点、党代表和共享的联系对象，填卡时可直接选择。需要联网一次。", "Loads your organisation's studios, liaison points, representatives and shared contacts, to choose from when filling cards. Needs the network once.";
    @tools LoadOrg = "load_org" => "从服务器载入组织数据", "Load organisation data from the server";
    @tools OrgLoaded = "org_loaded" => "已载入“{name}”：{points} 个联系点、{studios} 个党代表工作室、{categories} 个意见类别，新增 {contacts} 位联系对象。", "Loaded “{name}”: {points} liaison points, {studios} studios, {categories} opinion categories, {contacts} new contacts.";
    @tools OrgNone = "org_none" => "本机还没有组织数据。", "No organisation data on this phone yet.";
    OrgLoadOffline = "org_load_offline" => "无法连接服务器，请联网后再试。本机数据没有改动。", "Cannot reach the server; connect and try again. Nothing on the phone changed.";
    OrgLoadFailed = "org_load_failed" => "服务器返回的组织数据无法读取，本机数据没有改动。", "The server's organisation data could not be read; nothing on the phone changed.";
    VenueKind = "venue_kind" => "地点类型", "Kind of place";
    VenueElsewhere = "venue_elsewhere" => "其他地点（手动填写）", "Elsewhere (type it)";
    StudiosGroup = "studios_group" => "党代表工作室", "Representatives' studios";
    LiaisonPointsGroup = "liaison_points_group" => "联系点", "Liaison points";

    // Photos.
    Photos = "photos" => "照片", "Photos";
    TakePhoto = "take_photo" => "拍照", "Take a photo";
    ChoosePhotos = "choose_photos" => "从相册选择", "Choose from gallery";
    PhotoCount = "photo_count" => "{count} / {max} 张", "{count} of {max}";
    PhotoProcessing = "photo_processing" => "正在处理照片……", "Processing the photo…";
    PhotoRemove = "photo_remove" => "删除照片", "Remove photo";
    PhotoRemoveConfirm = "photo_remove_confirm" => "删除这张照片？", "Remove this photo?";
    PhotoAlt = "photo_alt" => "第 {n} 张照片", "Photo {n}";
    PhotoNotAnImage = "photo_not_an_image" => "这个文件不是图片，没有添加。卡片没有改动。", "This file is not an image; it was not added. The card is unchanged.";
    PhotoUnreadable = "photo_unreadable" => "这张图片无法读取（文件可能已损坏），没有添加。卡片没有改动。", "This image cannot be read (the file may be damaged); it was not added. The card is unchanged.";
    PhotoTooMany = "photo_too_many" => "每张卡片最多 9 张照片。", "A card can have at most 9 photos.";
    CardIsSubmitted = "card_is_submitted" => "这张卡片已经提交，不能再修改；请添加补充说明。", "This card has been submitted and cannot be changed; add an addendum instead.";
    PhotoFileName = "photo_file_name" => "文件 {name}：{problem}", "File {name}: {problem}";

    // Server answers.
    @tools ServerNotFound = "server_not_found" => "请求的资源不存在。", "The requested resource does not exist.";
    @tools NoOrganisation = "no_organisation" => "服务器上还没有组织数据。管理员可运行 `liaison demo` 载入演示组织。", "The server has no organisation yet. An administrator can run `liaison demo` to load the demo organisation.";
    @tools ServerInternal = "server_internal" => "服务器出错了,请稍后再试。", "The server ran into a problem; please try again later.";

    // Roster import.
    @tools RosterImport = "roster_import" => "从花名册导入", "Import from a roster";
    @tools RosterImportHint = "roster_import_hint" => "选择 Excel（.xlsx）或 CSV 文件。第一行是表头，须有“姓名”列，可有手机号、单位、身份（党员/群众）、标签列。", "Choose an Excel (.xlsx) or CSV file. The first row is the header: it needs a “姓名” (name) column and may have mobile, organisation, kind (党员/群众) and tags columns.";
    RosterNotATable = "roster_not_a_table" => "这个文件不是 CSV 或 Excel（.xlsx）表格，没有导入任何内容。", "This file is not a CSV or Excel (.xlsx) table; nothing was imported.";
    RosterOldXls = "roster_old_xls" => "这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入。", "This is an old Excel (.xls) file. Save it as .xlsx or CSV in Excel or WPS, then import it.";
    RosterEncrypted = "roster_encrypted" => "这个表格设置了密码。请在 Excel 或 WPS 中取消密码并保存后再导入。", "This spreadsheet is protected by a password. Remove the password in Excel or WPS, save it, then import it.";
    RosterCorrupt = "roster_corrupt" => "表格文件已损坏或不完整，无法读取。请重新下载或另存后再试。", "The spreadsheet is damaged or incomplete and cannot be read. Download or save it again and retry.";
    RosterUnsupported = "roster_unsupported" => "无法读取这个表格文件的格式。请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入。", "This spreadsheet's format cannot be read. Save it as .xlsx or CSV in Excel or WPS, then import it.";
    RosterTooLarge = "roster_too_large" => "表格太大，无法在手机上导入。请分成几个较小的文件。", "The spreadsheet is too large to import on a phone. Split it into smaller files.";
    RosterEmpty = "roster_empty" => "表格是空的，没有导入任何内容。", "The table is empty; nothing was imported.";
    RosterNoNameColumn = "roster_no_name_column" => "第一行找不到“姓名”列。请在表头写上“姓名”后再导入。", "The header row has no name column. Head the column of names “姓名” (or “Name”) and import again.";
    RosterTooManyRows = "roster_too_many_rows" => "一次最多导入 {max} 行。请把表格分成几个文件。", "At most {max} rows can be imported at once. Split the table into several files.";
    RosterUnterminatedQuote = "roster_unterminated_quote" => "第 {line} 行有一个引号没有配对，文件可能不完整。没有导入任何内容。", "A quote opened on line {line} is never closed; the file may be incomplete. Nothing was imported.";
    RosterRow = "roster_row" => "第 {row} 行：{problem}", "Row {row}: {problem}";
    RosterFieldError = "roster_field_error" => "{field}栏：{error}", "{field}: {error}";
    RosterColumnPhone = "roster_column_phone" => "手机号", "Mobile";
    RosterUnknownKind = "roster_unknown_kind" => "身份只能填“党员”或“群众”。", "The kind must be 党员 or member (party member), or 群众 or public.";
    RosterUnknownTag = "roster_unknown_tag" => "标签只能是：{tags}。", "Tags must be among: {tags}.";
    RosterDuplicate = "roster_duplicate" => "与“{name}”是同一人（本机已有或表中前面已有），没有导入。", "Same person as “{name}” (already on this phone or earlier in the file); not imported.";
    RosterSummary = "roster_summary" => "读取 {rows} 行：导入 {added} 人，{problems} 行未导入。", "Read {rows} rows: {added} imported, {problems} not imported.";

    // Loading an organisation's reference data from a file (`liaison org load`).
    @tools OrgFileUnreadable = "org_file_unreadable" => "文件不是可读取的组织数据（JSON）。", "The file is not readable organisation data (JSON).";
    @tools OrgFileInvalid = "org_file_invalid" => "组织数据有误，未作任何更改：", "The organisation data has errors; nothing was changed:";
    @tools OrgSharedContacts = "org_shared_contacts" => "共享联系人", "Shared contacts";

    // Accounts and devices.
    RoleRepresentative = "role_representative" => "党代表", "Representative";
    RoleLiaisonOfficer = "role_liaison_officer" => "专职联络员", "Liaison officer";
    RoleOffice = "role_office" => "联络工作办公室", "Liaison office";
    RoleUnitMember = "role_unit_member" => "责任单位人员", "Responsible unit";
    RoleAdmin = "role_admin" => "系统管理员", "Administrator";
    LoginInvalid = "login_invalid" => "登录名须为 3 至 32 个字符，只能使用小写字母、数字和“_”“.”“-”。", "A login name has 3 to 32 characters: lower-case letters, digits, “_”, “.” and “-”.";
    TooShort = "too_short" => "至少 {min} 个字符。", "At least {min} characters.";
    @tools SignInFailed = "sign_in_failed" => "登录名或密码不正确。", "The login name or the password is wrong.";
    @tools SignInRateLimited = "sign_in_rate_limited" => "登录失败次数过多，请过一会儿再试。", "Too many failed sign-ins; wait a while and try again.";
    @tools Unauthorized = "unauthorized" => "尚未登录或登录已失效，请重新登录。", "You are not signed in, or your sign-in is no longer valid; sign in again.";
    DeviceRevoked = "device_revoked" => "这台设备已被停用，不能再与服务器同步。本机上的卡片仍然保留；请联系管理员，或重新登录。", "This device has been revoked and can no longer sync with the server. The cards on it are kept; contact your administrator or sign in again.";
    @tools Forbidden = "forbidden" => "您没有权限进行这项操作。", "You are not allowed to do this.";
    @tools LoginTaken = "login_taken" => "这个登录名已被使用，请换一个。", "This login name is already taken; choose another.";
    UnknownOrganisation = "unknown_organisation" => "服务器上没有这个组织。", "The server has no such organisation.";
    OrgParentSelf = "org_parent_self" => "组织不能是自己的上级。", "An organisation cannot be its own parent.";
    OrgParentCycle = "org_parent_cycle" => "这个上级组织在本组织之下，不能设为上级。", "That organisation is below this one and cannot be its parent.";
    @tools MatterForwardNotAbove = "matter_forward_not_above" => "只能转报给本组织的上级组织。", "A matter can only be forwarded to an organisation above this one.";
    @tools InvalidInput = "invalid_input" => "填写的内容有误，请按提示修改。", "Some fields are not valid; correct them as shown.";
    @tools RequestMalformed = "request_malformed" => "请求内容无法读取，没有做任何修改。", "The request could not be read; nothing was changed.";
    @tools RequestNotJson = "request_not_json" => "请求内容须为 JSON 格式，没有做任何修改。", "The request must be JSON; nothing was changed.";
    @tools RequestTooLarge = "request_too_large" => "请求内容太大，没有做任何修改。", "The request is too large; nothing was changed.";

    // Sync.
    SyncRejected = "sync_rejected" => "服务器没有接收这条修改。", "The server did not accept this change.";
    SyncTooLarge = "sync_too_large" => "一次同步的数据太多，将分成几次发送。", "Too much data in one sync; it will be sent in smaller parts.";
    SyncTooMany = "sync_too_many" => "一次同步的修改太多，将分成几次发送。", "Too many changes in one sync; they will be sent in smaller parts.";
    SyncUnsupportedVersion = "sync_unsupported_version" => "同步协议版本不一致，请更新应用。", "The sync protocol version does not match; please update the app.";
    SyncMalformed = "sync_malformed" => "同步数据无法读取。", "The sync data could not be read.";
    SyncBadSequence = "sync_bad_sequence" => "同步数据的顺序不正确。", "The changes in this sync are out of order.";
    SyncImmutable = "sync_immutable" => "已提交的卡片不能修改；请添加补充说明。", "A submitted card cannot be changed; add an addendum instead.";
    SyncServerWritten = "sync_server_written" => "办理进展只由服务器写入，手机不能修改。", "Handling progress is written by the server only; a phone cannot change it.";
    SyncInvalidRecord = "sync_invalid_record" => "这条记录有不符合要求的内容，服务器没有接收。请在本机打开检查。", "This record has content that does not pass the checks; the server did not accept it. Open it on this phone to check.";
    SyncUnsupportedRecord = "sync_unsupported_record" => "服务器无法识别这条记录的格式，请联系管理员更新服务器。", "The server does not know this record's format; ask the administrator to update the server.";
    SyncIdMismatch = "sync_id_mismatch" => "记录内容中的编号与记录编号不一致。", "The id inside the record does not match the record's id.";
    SyncIdTaken = "sync_id_taken" => "服务器上已有同一编号、内容不同的记录，这条记录没有覆盖它。", "The server already has a different record with this id; it was not overwritten.";
    SyncNotFound = "sync_not_found" => "服务器上找不到这条记录。", "The server does not have this record.";
    SyncGone = "sync_gone" => "这条记录已在其他设备上删除，修改没有保存到服务器。", "This record was deleted on another device; the change was not saved on the server.";
    SyncStaleDelete = "sync_stale_delete" => "这条记录在你删除之前已在其他设备上修改，服务器保留了它。请查看后再决定是否删除。", "This record was changed on another device before you deleted it, so the server kept it. Look at it before deleting it again.";
    SyncReadOnlyField = "sync_read_only_field" => "记录编号和格式版本不能修改。", "A record's id and format version cannot be changed.";
    SyncProtocol = "sync_protocol" => "服务器的答复与请求不符，本机数据没有改动。稍后会自动重试。", "The server's answer does not match the request; nothing on the phone changed. It will be retried later.";
    SyncUnauthorized = "sync_unauthorized" => "服务器不认可这台设备，同步已停止。本机数据都还在，请联系管理员。", "The server does not recognise this device; sync has stopped. Everything is still on this phone; contact the administrator.";
    SyncRevoked = "sync_revoked" => "这台设备的同步权限已被收回，同步已停止。本机数据都还在，请联系管理员。", "This device's access has been revoked; sync has stopped. Everything is still on this phone; contact the administrator.";
    SyncClockSkew = "sync_clock_skew" => "本机时间与服务器相差 {minutes} 分钟，请检查手机的日期和时间设置。", "This phone's clock differs from the server's by {minutes} minutes; check the phone's date and time settings.";
    SyncConflict = "sync_conflict" => "这条记录在其他设备上也修改了同一项，服务器保留了对方的内容；你的修改已记下，请查看。", "The same field was changed on another device; the server kept that value. Your change is recorded here; please look at it.";

    // Sync on the phone.
    SyncOffline = "sync_offline" => "连不上服务器：请在有网络时再试。卡片都保存在本机。", "Cannot reach the server: try again when online. Every card is kept on this phone.";
    SyncServerFailed = "sync_server_failed" => "服务器暂时出了问题，稍后自动重试。卡片都保存在本机。", "The server ran into a problem; it will be tried again. Every card is kept on this phone.";
    SyncSignInFirst = "sync_sign_in_first" => "请先在“设置”中登录，才能与服务器同步。", "Sign in under Settings to sync with the server.";
    @tools AccountTitle = "account_title" => "账号与同步", "Account and sync";
    NotSignedIn = "not_signed_in" => "尚未登录：卡片只保存在本机。登录后会自动与服务器同步。", "Not signed in: cards are kept on this phone only. Once signed in, they sync with the server by themselves.";
    @tools FieldLogin = "field_login" => "登录名", "Login name";
    @tools FieldPassword = "field_password" => "密码", "Password";
    @tools FieldDeviceName = "field_device_name" => "设备名称", "Device name";
    @tools DefaultDeviceName = "default_device_name" => "我的手机", "My phone";
    @tools SignIn = "sign_in" => "登录", "Sign in";
    @tools SignOut = "sign_out" => "退出登录", "Sign out";
    @tools SignedInAs = "signed_in_as" => "已登录：{name}（{role}），本机名称：{device}。退出登录不会删除本机上的卡片。", "Signed in as {name} ({role}), this device: {device}. Signing out deletes no card from this phone.";
    SyncNow = "sync_now" => "立即同步", "Sync now";
    SyncWaitingCount = "sync_waiting_count" => "{n} 项待同步", "{n} waiting to sync";
    SyncAllSent = "sync_all_sent" => "全部已同步", "Everything is synced";
    Syncing = "syncing" => "正在同步……", "Syncing…";
    SyncDone = "sync_done" => "同步完成：发送 {sent} 项，收到 {received} 项。", "Synced: {sent} sent, {received} received.";
    SyncLastAt = "sync_last_at" => "上次同步：{time}", "Last synced: {time}";
    SyncWillRetry = "sync_will_retry" => "暂时连不上服务器，稍后自动重试。", "The server cannot be reached now; it will be tried again.";
    SyncRefusedCount = "sync_refused_count" => "{n} 项被服务器拒收，保留在本机。", "{n} refused by the server, kept on this phone.";
    @tools AdminLink = "admin_link" => "用户与设备管理", "Users and devices";
    AdminOnly = "admin_only" => "只有系统管理员可以管理用户和设备。", "Only an administrator can manage users and devices.";
    @tools AdminTitle = "admin_title" => "用户与设备", "Users and devices";
    @tools AdminNewUser = "admin_new_user" => "新建账号", "New account";
    @tools AdminRole = "admin_role" => "角色", "Role";
    @tools AdminCreate = "admin_create" => "创建账号", "Create the account";
    @tools AdminUserCreated = "admin_user_created" => "已为“{name}”创建账号。", "Created the account of “{name}”.";
    @tools AdminUsers = "admin_users" => "账号", "Accounts";
    @tools AdminDevices = "admin_devices" => "设备", "Devices";
    @tools AdminShowDevices = "admin_show_devices" => "查看设备", "Show devices";
    @tools AdminLastSeen = "admin_last_seen" => "最近同步：{time}", "last seen {time}";
    @tools AdminRevoke = "admin_revoke" => "停用这台设备", "Revoke this device";
    @tools AdminRevoked = "admin_revoked" => "已停用", "Revoked";
    StateWaiting = "state_waiting" => "待同步", "Waiting to sync";
    PhotosPending = "photos_pending" => "；{n} 张照片待上传", "; {n} photos still to upload";
    StateReceived = "state_received" => "服务器已收到（{time}）", "Received by the server ({time})";

    // Sync on the server.
    @tools SyncForbidden = "sync_forbidden" => "这条记录属于其他用户，服务器没有接收这条修改。", "This record belongs to another user; the server did not accept the change.";
    @tools SyncWrongDevice = "sync_wrong_device" => "同步请求中的设备与登录的设备不一致，没有做任何修改。", "The device named in this sync is not the signed-in device; nothing was changed.";

    // Duties (liaison-core's `duty`): names, what is still owed, statuses.
    /// Shown for a count not known yet (the cards are being counted).
    CountPending = "count_pending" => "共 … 张", "… in all";
    DutiesTitle = "duties_title" => "本季度、本年度还需", "Still owed this quarter and this year";
    DutiesPreset = "duties_preset" => "按预设规则（每季度接待 2 次、联系 5 名党员群众、每人每年走访 2 次等）在本机计算，无需联网。", "Counted on this phone, offline, under the preset rules (2 receptions a quarter, 5 contacts, 2 visits to each a year …).";
    DutiesAllDone = "duties_all_done" => "本季度、本年度的职责都已完成。", "Nothing is owed this quarter or this year.";
    DutyThisQuarter = "duty_this_quarter" => "本季度", "this quarter";
    DutyThisYear = "duty_this_year" => "本年度", "this year";
    DutyThisTerm = "duty_this_term" => "本届任期内", "this term";
    DutyDone = "duty_done" => "已完成", "Done";
    DutyOwed = "duty_owed" => "未完成", "Still owed";
    DutyAtRisk = "duty_at_risk" => "进度落后", "Behind schedule";
    DutyOverdue = "duty_overdue" => "已逾期", "Overdue";
    DutyDueBy = "duty_due_by" => "截止 {date}", "Due {date}";
    DutyNotSeen = "duty_not_seen" => "超过 {days} 天未见面的联系对象", "Contacts not seen for over {days} days";
    DutyNeverSeen = "duty_never_seen" => "从未见面", "Never seen";
    DutyContacts = "duty_contacts" => "联系党员群众", "Contacts";
    DutyContactsOwed = "duty_contacts_owed" => "{period}还需联系 {n} 名党员群众", "Contacts still to link with {period}: {n}";
    DutyVisits = "duty_visits" => "走访谈心", "Home visits";
    DutyVisitsOwed = "duty_visits_owed" => "{period}还需走访联系对象 {n} 次", "Visits to contacts still owed {period}: {n}";
    DutyReceptions = "duty_receptions" => "定点接待", "Receptions";
    DutyReceptionsOwed = "duty_receptions_owed" => "{period}还需接待 {n} 次", "Receptions still owed {period}: {n}";
    DutyOpinionsReported = "duty_opinions_reported" => "报送社情民意", "Reporting opinions";
    DutyOpinionsReportedOwed = "duty_opinions_reported_owed" => "{period}还有 {n} 条意见待报送", "Opinions still to report {period}: {n}";
    DutyProposals = "duty_proposals" => "提出意见建议", "Proposals";
    DutyProposalsOwed = "duty_proposals_owed" => "{period}还需提出意见建议 {n} 项", "Proposals still owed {period}: {n}";
    DutyResearchReports = "duty_research_reports" => "撰写调研报告", "Research reports";
    DutyResearchReportsOwed = "duty_research_reports_owed" => "{period}还需撰写调研报告 {n} 篇", "Research reports still owed {period}: {n}";
    DutyTermResearch = "duty_term_research" => "任期内意见建议或调研报告", "Proposals or research reports this term";
    DutyTermResearchOwed = "duty_term_research_owed" => "{period}还需提出意见建议 {n} 项，或撰写调研报告 {m} 篇", "Still owed {period}: {n} proposals, or {m} research reports";
    DutyPairedMembersInPoverty = "duty_paired_members_in_poverty" => "结对帮扶贫困党员", "Pairing with a member in poverty";
    DutyPairedMembersInPovertyOwed = "duty_paired_members_in_poverty_owed" => "{period}还需结对帮扶 {n} 户贫困党员", "Members in poverty still to pair with {period}: {n}";
    DutyPairedHouseholdsInNeed = "duty_paired_households_in_need" => "结对帮扶困难群众", "Pairing with a household in need";
    DutyPairedHouseholdsInNeedOwed = "duty_paired_households_in_need_owed" => "{period}还需结对帮扶 {n} 户困难群众", "Households in need still to pair with {period}: {n}";
    DutyYearlyReport = "duty_yearly_report" => "向代表小组汇报", "Report to the group";
    DutyYearlyReportOwed = "duty_yearly_report_owed" => "{period}还需在年会前向代表小组汇报联系党员群众情况", "Still owed {period}: the report to your group before the annual congress";
    DutyPointActivities = "duty_point_activities" => "联系点活动", "Liaison-point activities";
    DutyPointActivitiesOwed = "duty_point_activities_owed" => "{period}还需开展联系点活动 {n} 次", "Liaison-point activities still owed {period}: {n}";
    DutyPointLectures = "duty_point_lectures" => "联系点专题讲座", "Lecture at the liaison point";
    DutyPointLecturesOwed = "duty_point_lectures_owed" => "{period}还需在联系点举办专题讲座 {n} 次", "Lectures at the liaison point still owed {period}: {n}";
    DutyPointForums = "duty_point_forums" => "联系点座谈会或支部生活会", "Forum or branch meeting at the liaison point";
    DutyPointForumsOwed = "duty_point_forums_owed" => "{period}还需在联系点召开座谈会或参加支部生活会 {n} 次", "Forums or branch meetings at the liaison point still owed {period}: {n}";
    DutyPointVeteranVisits = "duty_point_veteran_visits" => "联系点看望老同志", "Veteran visit at the liaison point";
    DutyPointVeteranVisitsOwed = "duty_point_veteran_visits_owed" => "{period}还需在联系点看望老同志 {n} 次", "Veteran visits at the liaison point still owed {period}: {n}";
    RemindToday = "remind_today" => "今天", "Today";
    RemindTomorrow = "remind_tomorrow" => "明天", "Tomorrow";
    RemindReceptionDay = "remind_reception_day" => "{when}是{studio}的接待日。", "{when}: reception day at {studio}.";
    RemindQuarterEnding = "remind_quarter_ending" => "本季度还剩 {days} 天，还有 {n} 项本季度的履职任务未完成。", "{days} days left in this quarter, with {n} of its duties still owed.";
    // The office's duty dashboard (履职情况) and its CSV export.
    @tools DutyCsvRepresentative = "duty_csv_representative" => "代表", "Representative";
    @tools DutyCsvOrganisation = "duty_csv_organisation" => "所在组织", "Organisation";
    @tools DutyCsvDuty = "duty_csv_duty" => "履职事项", "Duty";
    @tools DutyCsvPeriod = "duty_csv_period" => "统计期间", "Period";
    @tools DutyCsvDone = "duty_csv_done" => "已完成", "Done";
    @tools DutyCsvRequired = "duty_csv_required" => "应完成", "Required";
    @tools DutyCsvStatus = "duty_csv_status" => "状态", "Status";
    @tools DutyCsvDue = "duty_csv_due" => "截止时间", "Due";
    @tools DutyCsvUnreported = "duty_csv_unreported" => "待报送意见", "Opinions to report";
    @tools DeskDuties = "desk_duties" => "代表履职情况", "Representatives' duties";
    @tools DeskDutiesExport = "desk_duties_export" => "导出 Excel（CSV）", "Export for Excel (CSV)";
    @tools DeskDutiesAll = "desk_duties_all" => "全部代表", "All representatives";
    @tools DeskDutiesTotal = "desk_duties_total" => "共 {count} 名代表", "{count} representatives";
    @tools DeskDutiesNone = "desk_duties_none" => "本组织还没有代表账号。", "This organisation has no representative accounts yet.";
    @tools DeskDutiesWorst = "desk_duties_worst" => "最差状态", "Worst status";
    @tools DeskDutiesOwed = "desk_duties_owed" => "尚欠", "Still owed";
    @tools DeskDutiesActivities = "desk_duties_activities" => "本年度活动记录", "This year's activities";
    @tools DeskDutiesNoActivities = "desk_duties_no_activities" => "本年度还没有活动记录。", "No activities recorded this year.";
    @tools DeskDutiesUnreported = "desk_duties_unreported" => "待报送意见（截止）", "Opinions still to report (due)";
    @tools DeskDutiesAttendees = "desk_duties_attendees" => "{count} 名联系对象参加", "{count} contacts attended";
    @tools AdminPolicy = "admin_policy" => "履职规定", "Duty rules";
    @tools AdminPolicyNotNumber = "admin_policy_not_number" => "每项规定请填写整数，或留空表示沿用上级规定。", "Give each rule as a whole number, or leave it empty to inherit it.";
    @tools AdminPolicySaved = "admin_policy_saved" => "履职规定已保存。", "The duty rules were saved.";
    @tools AdminPolicyPreset = "admin_policy_preset" => "本组织及上级组织都未设置规定，目前按示例县甲的规定统计。", "Neither this organisation nor any above it has set rules: the sample county A's rules count for now.";
    @tools AdminPolicyEffective = "admin_policy_effective" => "生效日期", "In force from";
    @tools AdminPolicyInherited = "admin_policy_inherited" => "沿用上级", "inherited";
    @tools AdminPolicyAddVersion = "admin_policy_add_version" => "新增一版规定", "Add a version";
    @tools AdminPolicyPresetA = "admin_policy_preset_a" => "按示例县甲新增", "Add county A's values";
    @tools AdminPolicyPresetB = "admin_policy_preset_b" => "按示例县乙新增", "Add county B's values";
    @tools AdminPolicyTerms = "admin_policy_terms" => "任期", "Terms";
    @tools AdminPolicyAddTerm = "admin_policy_add_term" => "新增任期", "Add a term";
    @tools AdminPolicyCongresses = "admin_policy_congresses" => "年会日期", "Annual congress dates";
    @tools AdminPolicyAddCongress = "admin_policy_add_congress" => "新增年会日期", "Add a congress date";
    @tools AdminPolicyRemove = "admin_policy_remove" => "删除", "Remove";
    @tools AdminPolicySave = "admin_policy_save" => "保存规定", "Save the rules";
    @tools AdminPolicyInherit = "admin_policy_inherit" => "全部沿用上级规定", "Inherit everything";
    @tools AdminDutyProfile = "admin_duty_profile" => "履职设置", "Duty settings";
    @tools AdminLevel = "admin_level" => "代表层级", "Level";
    @tools AdminLevelProvincial = "admin_level_provincial" => "省党代表", "Provincial representative";
    @tools AdminLevelBelow = "admin_level_below" => "省级以下党代表", "Representative below provincial level";
    @tools AdminLeadership = "admin_leadership" => "班子成员（须开展联系点活动）", "Member of the leadership (owes liaison-point activities)";
    @tools AdminPoints = "admin_points" => "联系点（及联系期间）", "Liaison points (and for which days)";
    @tools AdminNoPoints = "admin_no_points" => "本组织还没有联系点。", "This organisation has no liaison points yet.";
    @tools AdminProfileSave = "admin_profile_save" => "保存履职设置", "Save the duty settings";
    @tools AdminProfileSaved = "admin_profile_saved" => "{name}的履职设置已保存。", "{name}'s duty settings were saved.";
    @tools DutyPolicyInvalid = "duty_policy_invalid" => "履职规定有误，未保存：", "The duty rules were not saved:";
    @tools DutyProfileNotRepresentative = "duty_profile_not_representative" => "只有党代表账号才有履职设置。", "Only representatives' accounts have duty settings.";
    @tools DeskDutiesByStatus = "desk_duties_by_status" => "代表人数（按最差状态）", "Representatives by worst status";
    @tools DeskDutiesShareDone = "desk_duties_share_done" => "各项任务完成率", "Share done, by duty";
    @tools DeskDutiesAtPoint = "desk_duties_at_point" => "在联系点", "at a liaison point";
    @tools DeskDutiesPreset = "desk_duties_preset" => "按示例县的规定统计（本组织的规定尚未设置）。", "Counted under the sample county's rules (this organisation's own are not set yet).";

    // Reception schedules (接待日程).
    SchedMonthInvalid = "sched_month_invalid" => "月份应写作 2026-12 这样的格式。", "Write the month as 2026-12.";
    SchedDateInvalid = "sched_date_invalid" => "日期应写作 2026-12-10 这样的格式。", "Write dates as 2026-12-10.";
    SchedDateOutsideMonth = "sched_date_outside_month" => "{date} 不在这个月的日程里。", "{date} is not in this schedule's month.";
    SchedNoDates = "sched_no_dates" => "至少要有一个接待日才能公布。", "Add at least one reception day before publishing.";
    SchedThemeTooLong = "sched_theme_too_long" => "接访专题不能超过 60 个字。", "The theme can have at most 60 characters.";
    SchedReasonRequired = "sched_reason_required" => "日程已公布，变更接待日期必须填写变更原因。", "This schedule is published: changing a date needs a reason.";
    SchedReasonTooLong = "sched_reason_too_long" => "变更原因不能超过 200 个字。", "The reason can have at most 200 characters.";
    SchedPublished = "sched_published" => "日程已公布，不能再直接修改；如遇特殊情况，请逐个变更日期并说明原因。", "This schedule is published and can no longer be edited; in special circumstances, change a date and give the reason.";
    SchedNotPublished = "sched_not_published" => "日程尚未公布，直接修改日期即可。", "This schedule is not published yet: edit its dates directly.";
    SchedNotADate = "sched_not_a_date" => "{date} 不是这个月的接待日。", "{date} is not a reception day of this schedule.";
    SchedDateTaken = "sched_date_taken" => "{date} 已经是接待日。", "{date} is already a reception day.";
    SchedDatePassed = "sched_date_passed" => "{date} 的接待已经过去，不能变更。", "The reception of {date} has taken place and cannot be moved.";
    SchedDateInPast = "sched_date_in_past" => "{date} 已经过去，请选择今天或以后的日期。", "{date} has passed: choose today or a later day.";
    SchedRecordInvalid = "sched_record_invalid" => "接待日程的数据无法读取。", "The reception schedule's data cannot be read.";
    @tools SchedChanged = "sched_changed" => "日程刚被他人修改，请重新打开后再试。", "Someone changed this schedule meanwhile: open it again and retry.";
    RemindDayAfterTomorrow = "remind_day_after_tomorrow" => "后天（{date}）", "The day after tomorrow ({date})";
    RemindReceptionDayTheme = "remind_reception_day_theme" => "{when}是{studio}的接待日，本月接访专题：{theme}。", "{when}: reception day at {studio}; this month's theme: {theme}.";
    @tools DeskSchedules = "desk_schedules" => "接待日程", "Reception schedules";
    @tools SchedStudio = "sched_studio" => "工作室", "Studio";
    @tools SchedMonth = "sched_month" => "月份", "Month";
    @tools SchedNoStudios = "sched_no_studios" => "本组织及下级组织还没有党代表工作室。", "No studio in this organisation or below it yet.";
    @tools SchedDates = "sched_dates" => "接待日期", "Reception days";
    @tools SchedAddDate = "sched_add_date" => "添加日期", "Add a day";
    @tools SchedRemoveDate = "sched_remove_date" => "删除", "Remove";
    @tools SchedTheme = "sched_theme" => "本月接访专题（可不填）", "This month's theme (optional)";
    @tools SchedThemeLine = "sched_theme_line" => "本月接访专题：{theme}", "This month's theme: {theme}";
    @tools SchedSave = "sched_save" => "保存草稿", "Save the draft";
    @tools SchedSaved = "sched_saved" => "草稿已保存。", "The draft was saved.";
    @tools SchedPublish = "sched_publish" => "公布日程", "Publish";
    @tools SchedPublishedOk = "sched_published_ok" => "日程已公布。", "The schedule was published.";
    @tools SchedStateDraft = "sched_state_draft" => "草稿，尚未公布", "Draft, not published";
    @tools SchedStatePublished = "sched_state_published" => "已于 {at} 公布", "Published on {at}";
    @tools SchedFromRecurring = "sched_from_recurring" => "按工作室的固定接待日（每月 {days} 日）预先填好。", "Prefilled from the studio's reception days ({days} of each month).";
    @tools SchedPublishedNote = "sched_published_note" => "日程公布后，除特殊情况外，不得随意变更；变更须说明原因，并留有记录。", "Once published, a schedule is not changed except in special circumstances; each change needs a reason and is logged.";
    @tools SchedChange = "sched_change" => "变更", "Change";
    @tools SchedNewDate = "sched_new_date" => "改为", "New date";
    @tools SchedReason = "sched_reason" => "变更原因", "Reason";
    @tools SchedChangeSave = "sched_change_save" => "确认变更", "Confirm the change";
    @tools SchedChangeCancel = "sched_change_cancel" => "取消", "Cancel";
    @tools SchedChangedOk = "sched_changed_ok" => "接待日期已变更，并已记录。", "The date was changed and logged.";
    @tools SchedLog = "sched_log" => "变更记录", "Change log";
    @tools SchedLogEmpty = "sched_log_empty" => "公布以来没有变更。", "No change since it was published.";
    @tools SchedLogOld = "sched_log_old" => "原日期", "Was";
    @tools SchedLogNew = "sched_log_new" => "新日期", "Now";
    @tools SchedLogBy = "sched_log_by" => "变更人", "By";
    @tools SchedLogAt = "sched_log_at" => "变更时间", "When";

    // Policy rules (labels in the editor and in errors).
    RuleContactsPerRepresentative = "rule_contacts_per_representative" => "每位党代表联系的党员群众人数", "Contacts per representative";
    RuleVisitsPerContact = "rule_visits_per_contact" => "每年走访每位联系对象的次数", "Visits to each contact a year";
    RuleReceptionsProvincial = "rule_receptions_provincial" => "省党代表每季度接待次数", "Receptions a quarter (provincial representatives)";
    RuleReceptions = "rule_receptions" => "省级以下党代表每季度接待次数", "Receptions a quarter (representatives below provincial level)";
    RuleOpinionReportDays = "rule_opinion_report_days" => "意见报送期限（天）", "Days to report an opinion upward";
    RuleProposalsPerYear = "rule_proposals_per_year" => "每年提出意见建议项数", "Proposals a year";
    RuleResearchReportsPerYear = "rule_research_reports_per_year" => "每年撰写调研报告篇数", "Research reports a year";
    RuleTermProposals = "rule_term_proposals" => "任期内提出意见建议项数", "Proposals a term";
    RuleTermResearchReports = "rule_term_research_reports" => "任期内撰写调研报告篇数（与意见建议任一完成即可）", "Research reports a term (either this or the proposals)";
    RulePairedMembersInPoverty = "rule_paired_members_in_poverty" => "结对帮扶贫困党员户数", "Members in poverty to pair with";
    RulePairedHouseholdsInNeed = "rule_paired_households_in_need" => "结对帮扶困难群众户数", "Households in need to pair with";
    RuleYearlyReportDays = "rule_yearly_report_days" => "年会前多少天向代表小组汇报", "Days before the annual congress the report to the group is due";
    RulePointActivities = "rule_point_activities" => "班子成员每年联系点活动次数", "Liaison-point activities a year per leadership member";
    RulePointLectures = "rule_point_lectures" => "每个联系点每年专题讲座次数", "Lectures a year at each liaison point";
    RulePointForums = "rule_point_forums" => "每个联系点每年座谈会或支部生活会次数", "Forums or branch meetings a year at each liaison point";
    RulePointVeteranVisits = "rule_point_veteran_visits" => "每个联系点每年看望老同志次数", "Veteran visits a year at each liaison point";

    // Policy errors (liaison-core's `PolicyError`).
    PolicyNegative = "policy_negative" => "{rule}：不能为负数。", "{rule}: cannot be negative.";
    PolicyTooLarge = "policy_too_large" => "{rule}：不能超过 {max}。", "{rule}: at most {max}.";
    PolicyDaysOutOfRange = "policy_days_out_of_range" => "{rule}：须在 {min} 至 {max} 天之间。", "{rule}: between {min} and {max} days.";
    PolicyDuplicateEffectiveDate = "policy_duplicate_effective_date" => "有两个版本都从 {date} 起生效，请只保留一个或改动其中一个的日期。", "Two versions take effect on {date}; keep one, or change the date of the other.";
    PolicyTermsOverlap = "policy_terms_overlap" => "从 {first} 起和从 {second} 起的两届任期有重叠的日子，请改正任期的起止日期。", "The terms starting {first} and {second} overlap; correct their first and last days.";
    PolicyCongressTwice = "policy_congress_twice" => "{year} 年有两个年会日期，每年只能有一个。", "{year} has two annual congress dates; a year has one.";
    PolicyDateInvalid = "policy_date_invalid" => "日期“{value}”无法识别，请写成 2026-01-01 的形式。", "“{value}” is not a date; write it as 2026-01-01.";
    PolicyNotParent = "policy_not_parent" => "上级组织的规则与本组织的上级不符，无法继承。", "The parent's policy is not that of this organisation's parent; it cannot be inherited.";

    // Paired liaison (对口联系) and XLSX export.
    PairedRuleJointMeetings = "paired_rule_joint_meetings" => "每年至少召开工作例会或联席会议次数", "Joint meetings a year, at least";
    PairedRuleLeaderVisitsMin = "paired_rule_leader_visits_min" => "部门领导每年走访次数（至少）", "Leaders' visits a year, at least";
    PairedRuleLeaderVisitsMax = "paired_rule_leader_visits_max" => "部门领导每年走访次数（至多）", "Leaders' visits a year, at most";
    PairedRuleMinAboveMax = "paired_rule_min_above_max" => "部门领导走访次数的下限 {min} 大于上限 {max}，请改正。", "The least number of leaders' visits ({min}) is above the most ({max}); correct one of them.";
    @tools PairedRulesInvalid = "paired_rules_invalid" => "对口联系规定有误，未保存：", "The paired-liaison rules were not saved:";
    PairedPartnerParty = "paired_partner_party" => "民主党派", "Democratic party";
    PairedPartnerFederation = "paired_partner_federation" => "工商联", "Federation of commerce";
    PairedEventJointMeeting = "paired_event_joint_meeting" => "工作例会或联席会议", "Joint meeting";
    PairedEventLeaderVisit = "paired_event_leader_visit" => "部门领导走访", "Leaders' visit";
    PairedEventDocumentExchange = "paired_event_document_exchange" => "文件交换", "Document exchange";
    PairedEventInFuture = "paired_event_in_future" => "活动日期不能晚于今天：活动举行后再记录。", "The day cannot be after today: record an event once it was held.";
    @tools PairedDepartmentOutOfScope = "paired_department_out_of_scope" => "这个部门不在本办公室及下级组织之内，不能为它添加对口联系。", "This department is not the office's organisation or one below it; no pairing can be added for it.";
    @tools PairedDuplicate = "paired_duplicate" => "这个部门与该党派（工商联）的对口联系已经存在。", "This department is already paired with this partner.";
    @tools PairedAboveMax = "paired_above_max" => "走访次数超过规定的上限", "More visits than the rule's most";
    @tools DeskPaired = "desk_paired" => "对口联系", "Paired liaison";
    @tools DeskPairedNone = "desk_paired_none" => "还没有对口联系。请在下方添加部门与民主党派、工商联的对口联系。", "No pairings yet. Add a department's pairing with a party or the federation of commerce below.";
    @tools DeskPairedDepartment = "desk_paired_department" => "部门", "Department";
    @tools DeskPairedPartner = "desk_paired_partner" => "对口联系的党派、工商联", "Paired with";
    @tools DeskPairedPartnerKind = "desk_paired_partner_kind" => "类别", "Kind";
    @tools DeskPairedMeetings = "desk_paired_meetings" => "例会/联席会议", "Joint meetings";
    @tools DeskPairedVisits = "desk_paired_visits" => "领导走访", "Leaders' visits";
    @tools DeskPairedDocuments = "desk_paired_documents" => "文件交换", "Documents";
    @tools DeskPairedStatus = "desk_paired_status" => "状态", "Status";
    @tools DeskPairedAdd = "desk_paired_add" => "添加对口联系", "Add a pairing";
    @tools DeskPairedRecord = "desk_paired_record" => "记录活动", "Record an event";
    @tools DeskPairedEvents = "desk_paired_events" => "本年活动记录", "This year's events";
    @tools DeskPairedNoEvents = "desk_paired_no_events" => "本年还没有活动记录。", "No events this year yet.";
    @tools DeskPairedKind = "desk_paired_kind" => "活动", "Event";
    @tools DeskPairedDay = "desk_paired_day" => "日期", "Day";
    @tools DeskPairedNote = "desk_paired_note" => "内容（可不填）", "Note (optional)";
    @tools DeskPairedSaved = "desk_paired_saved" => "已保存。", "Saved.";
    @tools DeskPairedRules = "desk_paired_rules" => "按规定：每年至少 {meetings} 次例会或联席会议，部门领导走访 {min} 至 {max} 次。", "Rules: at least {meetings} joint meetings a year; leaders visit {min} to {max} times.";
    @tools DeskPairedRecordedBy = "desk_paired_recorded_by" => "记录人", "Recorded by";
    @tools DeskPairedChoose = "desk_paired_choose" => "请选择", "Choose";
    @tools AdminPairedRules = "admin_paired_rules" => "对口联系规定", "Paired-liaison rules";
    @tools AdminPairedRulesSave = "admin_paired_rules_save" => "保存对口联系规定", "Save the paired-liaison rules";
    @tools AdminPairedRulesPreset = "admin_paired_rules_preset" => "本组织尚未设置，按文件规定（每年至少 1 次例会，领导走访 1 至 2 次）。", "Not set here: the seed's rules apply (at least 1 joint meeting a year, leaders visit 1 to 2 times).";
    @tools DeskExportXlsx = "desk_export_xlsx" => "导出 Excel（xlsx）", "Export to Excel (xlsx)";
    @tools XlsxDutiesSheet = "xlsx_duties_sheet" => "履职情况", "Duties";
    @tools XlsxPairedSheet = "xlsx_paired_sheet" => "对口联系", "Paired liaison";
    @tools XlsxMeetingsRequired = "xlsx_meetings_required" => "例会应召开", "Meetings required";
    @tools XlsxMeetingsStatus = "xlsx_meetings_status" => "例会状态", "Meetings status";
    @tools XlsxVisitsRequired = "xlsx_visits_required" => "走访应完成", "Visits required";
    @tools XlsxVisitsStatus = "xlsx_visits_status" => "走访状态", "Visits status";

    // Photos on the server.
    @tools PhotoHashInvalid = "photo_hash_invalid" => "照片编号无效：须为 64 位小写十六进制的 SHA-256。", "The photo's name is not valid: it must be a SHA-256 of 64 lowercase hex digits.";
    @tools PhotoUploadMalformed = "photo_upload_malformed" => "照片上传请求无法读取（位置或大小有误），没有写入任何数据。", "The photo upload could not be read (its offset or size is wrong); nothing was written.";
    @tools PhotoTooLarge = "photo_too_large" => "照片太大，服务器不接收。", "The photo is too large for the server.";
    @tools PhotoPieceTooLarge = "photo_piece_too_large" => "一次上传的照片数据太多（每段最多 1 MB），没有写入任何数据。", "Too much photo data in one piece (1 MB at most); nothing was written.";
    @tools PhotoNoRecord = "photo_no_record" => "服务器上没有您这张照片的记录：请先同步卡片，再上传照片。", "The server has no record of this photo of yours: sync the cards first, then upload the photo.";
    @tools PhotoSizeMismatch = "photo_size_mismatch" => "照片大小与已同步的照片记录不一致，没有写入任何数据。", "The photo's size does not match its synced record; nothing was written.";
    @tools PhotoOffsetMismatch = "photo_offset_mismatch" => "照片上传的位置与服务器已收到的不一致，没有写入；请从服务器给出的位置继续。", "The upload offset does not match what the server holds; nothing was written. Continue from the server's offset.";
    @tools PhotoHashMismatch = "photo_hash_mismatch" => "上传的照片数据与其 SHA-256 不符，已丢弃，请从头重新上传。本机上的照片仍然保留。", "The uploaded photo does not match its SHA-256; it was discarded, upload it again from the start. The photo on the phone is kept.";
    PhotoNotUploaded = "photo_not_uploaded" => "这张照片的图像还没有上传到服务器。", "This photo's image has not been uploaded to the server yet.";

    // Matters (事项): handling an opinion at the office, the unit and back to the phone.
    OutOfRange = "out_of_range" => "须在 {min} 至 {max} 之间。", "Must be between {min} and {max}.";
    MatterStateReported = "matter_state_reported" => "已报送", "Reported";
    MatterStateTriaged = "matter_state_triaged" => "已梳理", "Triaged";
    MatterStateDispatched = "matter_state_dispatched" => "已交办", "Dispatched";
    MatterStateInProgress = "matter_state_in_progress" => "办理中", "In progress";
    MatterStateReplied = "matter_state_replied" => "已答复", "Replied";
    MatterStateReplyAccepted = "matter_state_reply_accepted" => "答复已审核", "Reply accepted";
    MatterStatePersonInformed = "matter_state_person_informed" => "已告知反映人", "Person informed";
    MatterStateEvaluated = "matter_state_evaluated" => "已评价", "Evaluated";
    MatterStateReopened = "matter_state_reopened" => "重新办理", "Reopened";
    MatterStateMerged = "matter_state_merged" => "已合并", "Merged";
    MatterStateClosed = "matter_state_closed" => "已办结", "Closed";
    ActionTriage = "action_triage" => "梳理", "triage it";
    ActionDispatch = "action_dispatch" => "派单", "dispatch it";
    ActionReturnDispatch = "action_return_dispatch" => "退回派单", "return it to the office";
    ActionAcceptDispatch = "action_accept_dispatch" => "签收", "accept it";
    ActionAddProgressNote = "action_add_progress_note" => "记录办理进展", "add a progress note";
    ActionUrge = "action_urge" => "督办", "chase the unit";
    ActionRevealRaiser = "action_reveal_raiser" => "向承办单位提供反映人信息", "show the unit who raised it";
    @tools ActionRequestExtension = "action_request_extension" => "申请延期", "ask for an extension";
    ActionGrantExtension = "action_grant_extension" => "批准延期", "grant the extension";
    ActionDenyExtension = "action_deny_extension" => "不批准延期", "deny the extension";
    ActionSubmitReply = "action_submit_reply" => "提交答复", "submit a reply";
    ActionAcceptReply = "action_accept_reply" => "审核通过答复", "accept the reply";
    ActionSendBack = "action_send_back" => "退回重办", "send the reply back";
    @tools ActionRecordInformed = "action_record_informed" => "记录告知情况", "record how the person was told";
    @tools ActionRecordEvaluation = "action_record_evaluation" => "记录满意度评价", "record the person's verdict";
    ActionClose = "action_close" => "办结", "close it";
    ActionReopen = "action_reopen" => "重新办理", "reopen it";
    ActionMergeInto = "action_merge_into" => "合并到其他事项", "merge it into another matter";
    ActionAbsorb = "action_absorb" => "并入重复事项", "take in a duplicate";
    ActionCloseWithReason = "action_close_with_reason" => "说明理由后结案", "close it with a reason";
    ActionAnswerDirectly = "action_answer_directly" => "直接答复", "answer it directly";
    ActionForwardUpward = "action_forward_upward" => "向上级转报", "forward it upward";
    ActionReportAsInformation = "action_report_as_information" => "作为社情民意信息报送", "report it as information";
    ActionRecordAdoption = "action_record_adoption" => "记录采用情况", "record its adoption";
    ActionAddAttachment = "action_add_attachment" => "添加附件", "attach a file";
    SatisfactionSatisfied = "satisfaction_satisfied" => "满意", "Satisfied";
    SatisfactionBasicallySatisfied = "satisfaction_basically_satisfied" => "基本满意", "Basically satisfied";
    SatisfactionNotSatisfied = "satisfaction_not_satisfied" => "不满意", "Not satisfied";
    InformedInPerson = "informed_in_person" => "当面告知", "In person";
    InformedPhone = "informed_phone" => "电话告知", "By phone";
    InformedMessage = "informed_message" => "短信或微信告知", "By text message or WeChat";
    InformedLetter = "informed_letter" => "书面告知", "In writing";
    CloseReasonUnreachable = "close_reason_unreachable" => "联系不上反映人", "The person cannot be reached";
    CloseReasonNotActionable = "close_reason_not_actionable" => "不属于办理范围", "Nothing that can be acted on";
    CloseReasonAnsweredDirectly = "close_reason_answered_directly" => "已当场答复", "Answered on the spot";
    CloseReasonReportedAsInformation = "close_reason_reported_as_information" => "已作为社情民意信息报送", "Reported upward as information";
    AdoptionCounty = "adoption_county" => "县级采用", "Adopted by the county";
    AdoptionMunicipal = "adoption_municipal" => "市级采用", "Adopted by the city";
    AdoptionProvincial = "adoption_provincial" => "省级采用", "Adopted by the province";
    AdoptionNational = "adoption_national" => "全国采用", "Adopted nationally";
    DeadlineOnTime = "deadline_on_time" => "正常", "On time";
    DeadlineDueSoon = "deadline_due_soon" => "即将到期", "Due soon";
    DeadlineOverdue = "deadline_overdue" => "已超期", "Overdue";
    MatterOnlyOffice = "matter_only_office" => "只有本组织的联络工作办公室可以{action}。", "Only the liaison office of the matter's organisation can {action}.";
    MatterOnlyUnit = "matter_only_unit" => "只有承办单位可以{action}。", "Only the responsible unit the matter was dispatched to can {action}.";
    MatterOnlyCollector = "matter_only_collector" => "只有收集这条意见的代表可以{action}。", "Only the representative who collected this opinion can {action}.";
    MatterWrongState = "matter_wrong_state" => "事项当前为“{state}”，此状态下不能{action}。", "The matter is “{state}”: you cannot {action} now.";
    MatterNotSatisfiedNeedsReason = "matter_not_satisfied_needs_reason" => "不满意时必须写明原因。", "When the person is not satisfied, write down why.";
    MatterDueInPast = "matter_due_in_past" => "办理期限不能早于今天。", "The due date cannot be before today.";
    MatterExtensionNotLater = "matter_extension_not_later" => "延期后的期限须晚于原定期限。", "The extended due date must be later than the current one.";
    MatterExtensionPending = "matter_extension_pending" => "已有一项延期申请等待审批。", "An extension request is already waiting for a decision.";
    MatterNoExtensionPending = "matter_no_extension_pending" => "没有等待审批的延期申请。", "No extension request is waiting for a decision.";
    MatterInformedInFuture = "matter_informed_in_future" => "告知时间不能晚于现在。", "The time the person was told cannot be in the future.";
    MatterMergeIntoSelf = "matter_merge_into_self" => "不能把事项合并到它自己。", "A matter cannot be merged into itself.";
    MatterMergeAcrossOrganisations = "matter_merge_across_organisations" => "只能合并同一组织的事项。", "Only matters of the same organisation can be merged.";
    MatterNothingToAbsorb = "matter_nothing_to_absorb" => "没有需要并入的收集卡。", "There are no opinion cards to take in.";
    MatterForwardToSameOrganisation = "matter_forward_to_same_organisation" => "不能转报给本组织，请选择上级组织。", "It cannot be forwarded to its own organisation; choose a higher one.";
    MatterInformationAlreadyReported = "matter_information_already_reported" => "这条意见已作为社情民意信息报送过。", "This opinion has already been reported as information.";
    MatterInformationNotReported = "matter_information_not_reported" => "请先作为社情民意信息报送，再记录采用情况或以此结案。", "Report it as information first, then record its adoption or close it so.";
    // Attachments (附件) of a matter: files a responsible unit adds.
    FileNameInvalid = "file_name_invalid" => "文件名不能包含“/”“\\”或控制字符。", "A file name cannot hold “/”, “\\” or control characters.";
    HashInvalid = "hash_invalid" => "文件编号无效：须为 64 位小写十六进制的 SHA-256。", "Not a valid file id: it must be a SHA-256 of 64 lowercase hex digits.";
    FileTooLarge = "file_too_large" => "文件太大。", "The file is too large.";
    AttachmentTypeJpeg = "attachment_type_jpeg" => "JPEG 图片", "JPEG image";
    AttachmentTypePng = "attachment_type_png" => "PNG 图片", "PNG image";
    AttachmentTypePdf = "attachment_type_pdf" => "PDF 文档", "PDF document";
    AttachmentTypeDocx = "attachment_type_docx" => "Word 文档", "Word document";
    AttachmentTypeXlsx = "attachment_type_xlsx" => "Excel 表格", "Excel workbook";
    AttachmentNameInvalid = "attachment_name_invalid" => "文件名无效：须为 1 至 120 个字，不能包含“/”“\\”或控制字符。没有上传。", "The file name is not valid: 1 to 120 characters, with no “/”, “\\” or control characters. Nothing was uploaded.";
    AttachmentTypeUnknown = "attachment_type_unknown" => "只能上传 JPEG、PNG 图片，PDF、Word（.docx）或 Excel（.xlsx）文件。没有上传。", "Only JPEG or PNG images, PDF, Word (.docx) or Excel (.xlsx) files can be attached. Nothing was uploaded.";
    AttachmentEmpty = "attachment_empty" => "文件是空的，没有上传。", "The file is empty; nothing was uploaded.";
    AttachmentTooLarge = "attachment_too_large" => "文件太大：附件最大 10 MB。没有上传。", "The file is too large: 10 MB at most. Nothing was uploaded.";
    AttachmentNotItsType = "attachment_not_its_type" => "文件内容与其类型不符（可能已损坏或扩展名有误），没有上传。", "The file's content does not match its type (it may be damaged or misnamed); nothing was uploaded.";
    // The handling loop on the server.
    @tools MatterActionInvalid = "matter_action_invalid" => "操作内容无法读取，没有做任何修改。", "The action could not be read; nothing was changed.";
    @tools MatterChanged = "matter_changed" => "这个事项刚被其他人修改过，请刷新后再试。没有做任何修改。", "Someone else changed this matter meanwhile; reload it and try again. Nothing was changed.";
    @tools MatterFilterInvalid = "matter_filter_invalid" => "筛选条件有误，请检查后再试。", "The filter is not valid; check it and try again.";
    @tools MatterUseMerge = "matter_use_merge" => "合并重复事项请使用“合并”功能。", "To merge duplicate matters, use “merge”.";
    @tools MatterNoHandling = "matter_no_handling" => "您的账号不参与意见办理。", "Your account takes no part in handling opinions.";
    @tools MatterSimilarOnlyOffice = "matter_similar_only_office" => "只有本组织的联络工作办公室可以查看相似事项。", "Only the liaison office of the matter's organisation can see similar matters.";
    @tools AuditCsvSeq = "audit_csv_seq" => "序号", "No.";
    @tools AuditCsvAt = "audit_csv_at" => "时间（北京时间）", "Time (China)";
    @tools AuditCsvActor = "audit_csv_actor" => "操作人", "By";
    @tools AuditCsvRole = "audit_csv_role" => "角色", "Role";
    @tools AuditCsvDevice = "audit_csv_device" => "设备", "Device";
    @tools AuditCsvAction = "audit_csv_action" => "操作", "Action";
    @tools AuditCsvBefore = "audit_csv_before" => "操作前状态", "State before";
    @tools AuditCsvAfter = "audit_csv_after" => "操作后状态", "State after";
    @tools AuditCsvDetails = "audit_csv_details" => "详情", "Details";
    // The handling desk (办理台): the office's and the units' console.
    @tools AdminOrganisation = "admin_organisation" => "所属组织", "Organisation";
    @tools AdminOrganisations = "admin_organisations" => "组织与上级组织", "Organisations and the ones above them";
    @tools AdminParent = "admin_parent" => "上级组织", "Organisation above";
    @tools AdminOrgName = "admin_org_name" => "组织", "Organisation";
    @tools AdminNoParent = "admin_no_parent" => "（无上级）", "(none above)";
    @tools AdminParentSaved = "admin_parent_saved" => "已更新“{name}”的上级组织。", "Updated the organisation above “{name}”.";
    DeskLink = "desk_link" => "办理台", "Handling desk";
    @tools DeskTitle = "desk_title" => "意见办理台", "Opinion handling desk";
    DeskOnly = "desk_only" => "办理台供联络工作办公室和责任单位使用：请用这类账号登录。", "The handling desk is for liaison offices and responsible units: sign in with such an account.";
    @tools DeskAllStates = "desk_all_states" => "全部状态", "All states";
    @tools DeskOverdueOnly = "desk_overdue_only" => "只看超期", "Overdue only";
    @tools DeskTotal = "desk_total" => "共 {count} 件", "{count} in all";
    @tools DeskEmpty = "desk_empty" => "没有符合条件的事项。", "No matters match.";
    @tools DeskRaisedCount = "desk_raised_count" => "{count} 人反映", "Raised by {count}";
    @tools DeskUnit = "desk_unit" => "责任单位", "Responsible unit";
    @tools DeskTriageDue = "desk_triage_due" => "梳理期限 {due}（{status}）", "Triage due {due} ({status})";
    @tools DeskReplyDue = "desk_reply_due" => "答复期限 {due}（{status}）", "Reply due {due} ({status})";
    @tools DeskArrivedLate = "desk_arrived_late" => "送达时已超过梳理期限", "Arrived after its triage was due";
    @tools DeskRaisedBy = "desk_raised_by" => "反映人", "Raised by";
    @tools DeskRaiserHidden = "desk_raiser_hidden" => "反映人信息不向责任单位显示", "Who raised it is not shown to units";
    @tools DeskAnonymous = "desk_anonymous" => "匿名", "Anonymous";
    @tools DeskReply = "desk_reply" => "答复", "Reply";
    @tools DeskReworkReason = "desk_rework_reason" => "退回理由", "Sent back because";
    @tools DeskExtensionAsked = "desk_extension_asked" => "申请延期至 {until}：{reason}", "Extension asked until {until}: {reason}";
    @tools DeskTimeline = "desk_timeline" => "办理记录", "Timeline";
    @tools DeskAuditCsv = "desk_audit_csv" => "导出办理记录（CSV）", "Export the timeline (CSV)";
    @tools DeskActions = "desk_actions" => "可以进行的操作", "What you can do";
    @tools DeskNoActions = "desk_no_actions" => "当前没有需要您办理的操作。", "Nothing for you to do on it now.";
    @tools DeskDone = "desk_done" => "已完成：{action}。", "Done: {action}.";
    @tools DeskBack = "desk_back" => "返回列表", "Back to the list";
    @tools DeskReason = "desk_reason" => "理由", "Reason";
    @tools DeskNote = "desk_note" => "说明", "Note";
    @tools DeskReplyText = "desk_reply_text" => "答复内容", "Reply";
    @tools DeskDueOn = "desk_due_on" => "办理期限", "Due on";
    @tools DeskUntil = "desk_until" => "延期至", "Until";
    @tools DeskCloseReason = "desk_close_reason" => "结案理由", "Why it is closed";
    @tools DeskSentTo = "desk_sent_to" => "报送单位", "Sent to";
    @tools DeskMergeInto = "desk_merge_into" => "合并到事项（编号）", "Into the matter (its id)";
    @tools DeskChooseUnit = "desk_choose_unit" => "请选择责任单位。", "Choose the responsible unit.";
    @tools DeskDateInvalid = "desk_date_invalid" => "请填写有效的日期。", "Enter a valid date.";
    @tools DeskIdInvalid = "desk_id_invalid" => "事项编号无效。", "That is not a matter id.";
    @tools DeskSettings = "desk_settings" => "期限与责任单位", "Time limits and units";
    @tools DeskSettingsTitle = "desk_settings_title" => "办理期限与常用责任单位", "Time limits and usual units";
    @tools DeskSettingsHint = "desk_settings_hint" => "交办时按这里的设置建议办理期限和责任单位，仍可逐件修改。", "Dispatching suggests these time limits and units; each matter can still be changed.";
    @tools DeskDefaultDays = "desk_default_days" => "一般办理期限（天）", "Usual time limit (days)";
    @tools DeskUrgentDays = "desk_urgent_days" => "紧急事项最长期限（天，可空）", "Longest for urgent matters (days, optional)";
    @tools DeskCategoryDays = "desk_category_days" => "期限（天，空为一般期限）", "Days (empty: the usual)";
    @tools DeskUsualUnit = "desk_usual_unit" => "常用责任单位", "Usual unit";
    @tools DeskNoUnit = "desk_no_unit" => "不指定", "None";
    @tools DeskSave = "desk_save" => "保存设置", "Save the settings";
    @tools DeskSettingsSaved = "desk_settings_saved" => "设置已保存。", "The settings are saved.";
    @tools DeskDaysInvalid = "desk_days_invalid" => "天数须为 1 至 365 的整数。", "Days are a whole number from 1 to 365.";
    @tools DeskSimilar = "desk_similar" => "可能重复的事项", "Possible duplicates";
    @tools DeskSimilarNone = "desk_similar_none" => "没有发现相似的事项。", "No similar matters found.";
    @tools DeskSimilarScore = "desk_similar_score" => "相似度 {percent}%", "{percent}% alike";
    @tools DeskMergeHere = "desk_merge_here" => "并入该事项", "Merge into this one";
    @tools DeskChase = "desk_chase" => "督办：各责任单位在办情况", "Chasing: matters with each unit";
    @tools DeskChaseOpen = "desk_chase_open" => "在办", "With it";
    @tools DeskChaseOverdue = "desk_chase_overdue" => "超期", "Overdue";
    @tools DeskChaseDueSoon = "desk_chase_due_soon" => "即将到期", "Due soon";
    @tools DeskAllUnits = "desk_all_units" => "显示全部单位的事项", "Show every unit's matters";
    @tools DeskChaseNone = "desk_chase_none" => "目前没有交办在外的事项。", "No matter is with a unit now.";
    @tools DeskNotices = "desk_notices" => "提醒", "Notices";
    @tools DeskNoticesNew = "desk_notices_new" => "提醒（{count} 条新）", "Notices ({count} new)";
    @tools DeskNoticesDue = "desk_notices_due" => "提醒（{count} 件临期或超期）", "Notices ({count} due soon or overdue)";
    @tools DeskNoticesBoth = "desk_notices_both" => "提醒（{count} 条新，{due} 件临期或超期）", "Notices ({count} new, {due} due soon or overdue)";
    @tools DeskReminderTriage = "desk_reminder_triage" => "梳理期限 {due}", "Triage due {due}";
    @tools DeskReminderReply = "desk_reminder_reply" => "答复期限 {due}", "Reply due {due}";
    @tools DeskNoticesNone = "desk_notices_none" => "没有需要您注意的新动态。", "Nothing new for you.";
    @tools DeskNoticeLine = "desk_notice_line" => "{actor}：{action}", "{actor}: {action}";
    @tools DeskForwardTo = "desk_forward_to" => "转报至（上级组织）", "Forward to (the organisation above)";
    @tools DeskChooseOrganisation = "desk_choose_organisation" => "请选择组织。", "Choose the organisation.";
    @tools DeskNoUpper = "desk_no_upper" => "本组织还没有设置上级组织（由管理员设置）。", "This organisation has no organisation above it yet (an administrator sets it).";
    @tools DeskAdoptionLevel = "desk_adoption_level" => "采用情况", "Adoption";
    @tools DeskNotAdopted = "desk_not_adopted" => "未采用", "Not adopted";
    @tools DeskInstruction = "desk_instruction" => "领导批示（可空）", "Leader's instruction (optional)";
    @tools DeskPlace = "desk_place" => "收集地点（全部）", "Where collected (all)";
    @tools DeskAllCollectors = "desk_all_collectors" => "全部收集人", "Everyone who collected";
    @tools DeskAttachHint = "desk_attach_hint" => "可添加 JPEG、PNG 图片，PDF、Word、Excel 文件，每个最大 10 MB。", "JPEG or PNG images, PDF, Word or Excel files, 10 MB each at most.";
    @tools DeskLabelled = "desk_labelled" => "{label}：{value}", "{label}: {value}";
    // What the collector's phone shows of a matter (件件有回音).
    @tools ProgressTitle = "progress_title" => "办理进展", "Handling progress";
    @tools ProgressNone = "progress_none" => "联络办公室尚未受理；同步后这里会显示办理进展。", "Not received by the liaison office yet; progress appears here after a sync.";
    @tools ProgressState = "progress_state" => "状态", "State";
    @tools ProgressUpdated = "progress_updated" => "更新于 {time}", "Updated {time}";
    @tools ProgressReplyFrom = "progress_reply_from" => "答复单位", "Answered by";
    @tools ProgressOffice = "progress_office" => "联络工作办公室", "The liaison office";
    @tools ProgressReplyAt = "progress_reply_at" => "答复时间", "Answered at";
    @tools ProgressInformed = "progress_informed" => "告知反映人", "Person told";
    @tools ProgressInformedHow = "progress_informed_how" => "{how}，{time}", "{how}, {time}";
    @tools ProgressVerdict = "progress_verdict" => "评价", "Verdict";
    @tools ProgressClosed = "progress_closed" => "办结", "Closed";
    @tools ProgressMerged = "progress_merged" => "与其他反映同一问题的意见合并办理。", "Handled together with other opinions on the same problem.";
    @tools ProgressMergedAnswered = "progress_merged_answered" => "与其他反映同一问题的意见合并办理，答复如上，请告知反映人。", "Handled together with other opinions on the same problem; the reply is above — please pass it on to the person who raised it.";
    @tools DispatchSettingsInvalid = "dispatch_settings_invalid" => "设置有误：期限须为 1 至 365 天，每个类别只能设一次。没有做任何修改。", "The settings are not valid: each time limit is 1 to 365 days, and each category is set once. Nothing was changed.";
    @tools MatterRequestStale = "matter_request_stale" => "事项已有新的进展，这条反馈没有记录；请查看最新进展后再记录。", "The matter has moved on, so this feedback was not recorded; look at its progress and record it again.";
    ProgressAwaiting = "progress_awaiting" => "{count} 件答复待告知反映人并记录评价", "{count} replies to pass on and record the verdict";
    @tools ProgressYourTurn = "progress_your_turn" => "答复已审核：请告知反映人，并记录其评价。", "The reply is accepted: tell the person who raised it and record their verdict.";
    @tools FeedbackInformedHow = "feedback_informed_how" => "告知方式", "How they were told";
    @tools FeedbackInformedAt = "feedback_informed_at" => "告知时间", "When they were told";
    @tools FeedbackRecordInformed = "feedback_record_informed" => "记录已告知", "Record that they were told";
    @tools FeedbackSatisfaction = "feedback_satisfaction" => "反映人的评价", "Their verdict";
    @tools FeedbackReason = "feedback_reason" => "原因（不满意时必填）", "Why (required when not satisfied)";
    @tools FeedbackRecordVerdict = "feedback_record_verdict" => "记录评价", "Record the verdict";
    @tools FeedbackChoose = "feedback_choose" => "请选择", "Choose";
    @tools FeedbackWhatInformed = "feedback_what_informed" => "告知情况", "how they were told";
    @tools FeedbackWhatVerdict = "feedback_what_verdict" => "评价", "their verdict";
    @tools FeedbackWaiting = "feedback_waiting" => "已记录{what}，联网后同步到联络工作办公室。", "Recorded {what}; it goes to the liaison office when the phone is online.";
    @tools FeedbackRefused = "feedback_refused" => "没有被记录（{what}）：{reason}", "Not recorded ({what}): {reason}";

    // Documents a representative submitted (建议与报告): proposals, research reports, yearly reports.
    DocumentKindProposal = "document_kind_proposal" => "意见建议", "Proposal";
    DocumentKindResearchReport = "document_kind_research_report" => "调研报告", "Research report";
    DocumentKindYearlyReport = "document_kind_yearly_report" => "向代表小组述职", "Yearly report to the group";
    @tools Documents = "documents" => "建议与报告", "Proposals and reports";
    @tools DocumentsHint = "documents_hint" => "记录已提交的意见建议、调研报告和年度述职，计入本年度履职。", "Record the proposals, research reports and yearly reports you submitted; they count toward this year's duties.";
    DocumentsRecord = "documents_record" => "记录建议或报告", "Record a proposal or report";
    @tools DocumentKindLabel = "document_kind_label" => "类别", "Kind";
    @tools DocumentKindChoose = "document_kind_choose" => "请选择", "Choose";
    @tools DocumentTitle = "document_title" => "标题", "Title";
    @tools DocumentSubmittedOn = "document_submitted_on" => "提交日期", "Submitted on";
    @tools DocumentSubmittedTo = "document_submitted_to" => "报送单位（选填）", "Submitted to (optional)";
    @tools DocumentSummary = "document_summary" => "内容摘要（选填）", "Summary (optional)";
    @tools DocumentSave = "document_save" => "保存", "Save";
    @tools DocumentSaved = "document_saved" => "已保存，已计入履职；联网后同步到服务器。", "Saved and counted; it goes to the server when the phone is online.";
    @tools DocumentsNone = "documents_none" => "还没有记录。", "Nothing recorded yet.";
    @tools DocumentsNotice = "documents_notice" => "保存后不能修改。", "A saved record cannot be changed.";
    @tools DocumentWaiting = "document_waiting" => "待同步", "Waiting to sync";
    @tools DocumentReceived = "document_received" => "已同步", "Synced";
    @tools DocumentRefused = "document_refused" => "服务器未接收：{reason}", "Refused by the server: {reason}";

    // Reminders as notifications while the app is closed (the service worker shows them).
    RemindNoticeTitle = "remind_notice_title" => "履职提醒", "Duty reminder";
    @tools NotificationsTitle = "notifications_title" => "提醒通知", "Reminder notifications";
    @tools NotificationsHint = "notifications_hint" => "开启后，接待日前和季度末，手机会用通知提醒您，即使没有打开联络（需先将联络添加到主屏幕）。", "Once on, the phone reminds you of reception days and the quarter's end with a notification, even when Liaison is closed (add Liaison to the home screen first).";
    @tools NotificationsEnable = "notifications_enable" => "开启提醒通知", "Turn on reminder notifications";
    @tools NotificationsOn = "notifications_on" => "提醒通知已开启。", "Reminder notifications are on.";
    @tools NotificationsOnForeground = "notifications_on_foreground" => "提醒通知已开启；这个浏览器不能在联络关闭时唤醒它，提醒会在打开联络时显示在首页。", "Reminder notifications are on; this browser cannot wake Liaison while it is closed, so reminders show on the start screen when you open it.";
    @tools NotificationsDenied = "notifications_denied" => "浏览器已阻止通知，请在浏览器的网站设置中允许通知。", "The browser blocks notifications; allow them in the browser's site settings.";
    @tools NotificationsUnsupported = "notifications_unsupported" => "这个浏览器不支持通知，提醒只显示在首页。", "This browser has no notifications; reminders show on the start screen only.";

    // The studios on the office's duty dashboard.
    @tools DeskStudioDays = "desk_studio_days" => "工作室接待情况（本季度）", "Studios' reception days (this quarter)";
    @tools DeskStudioDaysNone = "desk_studio_days_none" => "本组织还没有党代表工作室。", "The organisation has no studios yet.";
    @tools DeskStudioDaysStudio = "desk_studio_days_studio" => "工作室", "Studio";
    @tools DeskStudioDaysDays = "desk_studio_days_days" => "接待日", "Reception days";
    @tools DeskStudioDaysHeld = "desk_studio_days_held" => "已接待", "Held";
    @tools DeskStudioDaysMissed = "desk_studio_days_missed" => "已过未接待", "Passed with none";
    @tools DeskStudioDaysCards = "desk_studio_days_cards" => "记录卡", "Cards";
    /// What separates the items of a short list in a sentence.
    @tools ListSeparator = "list_separator" => "、", ", ";

    // Editing contacts on the phone, and conflicting edits.
    ContactNotFound = "contact_not_found" => "这个联系对象不在本机上。", "This contact is not on this phone.";
    @tools ContactEdit = "contact_edit" => "修改", "Edit";
    @tools ContactEditTitle = "contact_edit_title" => "修改联系对象", "Edit contact";
    @tools ContactSaveChanges = "contact_save_changes" => "保存修改", "Save changes";
    @tools ContactUpdated = "contact_updated" => "已保存修改，联网后同步到服务器。", "Changes saved; they go to the server when the phone is online.";
    @tools ConflictsTitle = "conflicts_title" => "修改冲突", "Conflicting edits";
    @tools ConflictField = "conflict_field" => "「{name}」的{field}：已在别处改为「{server}」，本机改的「{device}」未采用。", "{name}, {field}: changed elsewhere to “{server}” first; this phone's “{device}” was not used.";
    @tools ConflictKeepServer = "conflict_keep_server" => "知道了", "Keep theirs";
    @tools ConflictUseMine = "conflict_use_mine" => "改用本机的", "Use mine";
    @tools ConflictEmpty = "conflict_empty" => "（空）", "(empty)";
    SyncConflicts = "sync_conflicts" => "有 {n} 处修改与别处冲突，请到联系对象中查看。", "{n} edits conflicted with others: see Contacts.";

    // The sync under way, on the start screen and a card.
    SyncProgressItems = "sync_progress_items" => "已发送 {done}/{total} 项", "{done} of {total} items sent";
    SyncProgressPhotos = "sync_progress_photos" => "照片 {done}/{total}", "photos {done} of {total}";
    StateSending = "state_sending" => "正在发送…", "Sending…";

    // Photos of cards another phone took: fetched from the server when the card is opened.
    @tools PhotoStoredUnreadable = "photo_stored_unreadable" => "服务器上的这张照片无法读取，没有缩略图。", "The photo stored on the server cannot be read, so it has no thumbnail.";
    PhotoOnServer = "photo_on_server" => "照片在服务器上，联网后显示。", "The photo is on the server; it shows when the phone is online.";
    PhotoShowFull = "photo_show_full" => "查看第 {n} 张照片原图", "Show photo {n} full size";
    PhotoFetchFailed = "photo_fetch_failed" => "照片暂时无法从服务器取得，稍后再打开这张卡片试试。", "The photo could not be fetched from the server; open the card again later.";
}
