//! Closed lists of choices with stable snake_case codes and catalogue labels.

/// Declares an enum of choices: each variant has a stable code (stored and sent)
/// and a catalogue message (shown).
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $code:literal => $msg:ident, )* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $code)] $variant, )*
        }

        impl $name {
            /// Every choice, in the order a form lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            /// Parses a code; empty means "not chosen".
            pub fn parse(code: &str) -> Result<$name, $crate::ValidationError> {
                match code.trim() {
                    "" => Err($crate::ValidationError::Required),
                    $($code => Ok($name::$variant),)*
                    _ => Err($crate::ValidationError::UnknownChoice),
                }
            }

            /// The label in the catalogue.
            pub fn label(self) -> liaison_i18n::Msg {
                match self { $($name::$variant => liaison_i18n::Msg::$msg,)* }
            }
        }
    };
}

pub(crate) use choices;
