//! An operation at a path known at run time (a kind's, from the registry).

/// Register `$operation` (a unit struct documented by `#[utoipa::path(impl_for = ...)]`)
/// at the path its documentation gives, for `$method`, served by `$handler`: the path is
/// the registry's (see `domain::kinds`), written nowhere else, and the route and the
/// contract cannot disagree on it.
macro_rules! serve_at {
    ($operation:ident, $method:ident, $handler:path) => {
        impl actix_web::dev::HttpServiceFactory for $operation {
            fn register(self, config: &mut actix_web::dev::AppService) {
                actix_web::dev::HttpServiceFactory::register(
                    actix_web::web::resource(<$operation as utoipa::Path>::path())
                        .guard(actix_web::guard::$method())
                        .to($handler),
                    config,
                )
            }
        }
    };
}

pub(crate) use serve_at;

/// Declare `$operation`, an operation of the kind `$kind` (a `ResourceKind` constant) at one of
/// its paths (`item "name"`: `…/{id}/name`; `collection "name"`: `…/name`), served by the
/// handler that follows for `get` or `post`: the unit struct that registers it
/// (`serve_at!`) and its contract, whose path, operation id and tag are written here
/// once; `$contract` is the rest of its `#[utoipa::path]` (summary, description,
/// parameters, body, responses).
macro_rules! kind_operation {
    (get $($rest:tt)*) => {
        $crate::routes::operation::kind_operation!(@declare get Get $($rest)*);
    };
    (post $($rest:tt)*) => {
        $crate::routes::operation::kind_operation!(@declare post Post $($rest)*);
    };
    (@declare $method:ident $guard:ident $kind:ident item $name:literal, $($rest:tt)*) => {
        $crate::routes::operation::kind_operation!(
            @path $method $guard $kind operation_path $name, $($rest)*
        );
    };
    (@declare $method:ident $guard:ident $kind:ident collection $name:literal, $($rest:tt)*) => {
        $crate::routes::operation::kind_operation!(
            @path $method $guard $kind collection_operation_path $name, $($rest)*
        );
    };
    (
        @path $method:ident $guard:ident $kind:ident $path:ident $name:literal,
        $operation:ident { $($contract:tt)* }
        $(#[$attr:meta])*
        pub async fn $handler:ident ($($args:tt)*) -> $ret:ty $body:block
    ) => {
        #[allow(non_camel_case_types)]
        pub struct $operation;
        $crate::routes::operation::serve_at!($operation, $guard, $handler);

        #[utoipa::path(
            $method,
            path = $kind.$path($name),
            impl_for = $operation,
            operation_id = stringify!($operation),
            tag = $kind.tag(),
            $($contract)*
        )]
        $(#[$attr])*
        pub async fn $handler($($args)*) -> $ret $body
    };
}

pub(crate) use kind_operation;
