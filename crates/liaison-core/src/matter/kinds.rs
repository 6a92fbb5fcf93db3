//! The closed choices a matter's actions carry: the person's verdict, how they
//! were told, why a matter closed without the full loop, and the level at which
//! a piece of information was adopted.

use crate::choice::choices;

choices!(
    /// The verdict of the person who raised the opinion (满意度).
    Satisfaction {
        /// 满意
        Satisfied = "satisfied" => SatisfactionSatisfied,
        /// 基本满意
        BasicallySatisfied = "basically_satisfied" => SatisfactionBasicallySatisfied,
        /// 不满意: the matter is reopened, with the reason.
        NotSatisfied = "not_satisfied" => SatisfactionNotSatisfied,
    }
);

choices!(
    /// How the person who raised the opinion was told the reply (反馈方式).
    InformedHow {
        /// 当面告知
        InPerson = "in_person" => InformedInPerson,
        /// 电话告知
        Phone = "phone" => InformedPhone,
        /// 短信或微信告知
        Message = "message" => InformedMessage,
        /// 书面告知
        Letter = "letter" => InformedLetter,
    }
);

choices!(
    /// Why the office closed a matter without the full loop (结案理由).
    CloseReason {
        /// 联系不上反映人: the reply cannot be passed back.
        Unreachable = "unreachable" => CloseReasonUnreachable,
        /// 不属于办理范围: nothing anyone here can do.
        NotActionable = "not_actionable" => CloseReasonNotActionable,
        /// 已当场答复: answered on the spot, nothing to pass back.
        AnsweredDirectly = "answered_directly" => CloseReasonAnsweredDirectly,
        /// 已作为社情民意信息报送: only reported upward as information.
        ReportedAsInformation = "reported_as_information" => CloseReasonReportedAsInformation,
    }
);

choices!(
    /// The level at which a piece of 社情民意 information was adopted (采用).
    AdoptionLevel {
        /// 县级
        County = "county" => AdoptionCounty,
        /// 市级
        Municipal = "municipal" => AdoptionMunicipal,
        /// 省级
        Provincial = "provincial" => AdoptionProvincial,
        /// 全国
        National = "national" => AdoptionNational,
    }
);
