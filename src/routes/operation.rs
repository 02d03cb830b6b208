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
