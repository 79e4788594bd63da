//! The web UI, embedded so that the single executable serves it.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// A file of web/, built into the executable.
macro_rules! web {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/", $name))
    };
}

const INDEX_HTML: &str = web!("index.html");
const STYLE_CSS: &str = web!("style.css");
/// The page's scripts, each served at `/<name>`. index.html loads app.js, an ES module that
/// imports the others (`./common.js`, …).
const SCRIPTS: [(&str, &str); 7] = [
    ("/app.js", web!("app.js")),
    ("/common.js", web!("common.js")),
    ("/router.js", web!("router.js")),
    ("/home.js", web!("home.js")),
    ("/search.js", web!("search.js")),
    ("/reader.js", web!("reader.js")),
    ("/research.js", web!("research.js")),
];
/// Apache ECharts (web/vendor/echarts, its version and licence there), which draws the charts.
const ECHARTS_JS: &str = web!("vendor/echarts/echarts.min.js");
/// Where the page loads ECharts from: the version in the path, so that it may be cached for good.
pub const ECHARTS_PATH: &str = "/echarts-6.1.0.min.js";

/// Scripts only from this origin: even text that slipped into the page unescaped could not run.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
}

pub async fn index_html() -> impl IntoResponse {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

/// A route for each of the page's scripts.
pub fn scripts<S: Clone + Send + Sync + 'static>() -> Router<S> {
    SCRIPTS.iter().fold(Router::new(), |router, &(path, body)| {
        router.route(
            path,
            get(move || async move { asset("text/javascript; charset=utf-8", body) }),
        )
    })
}

pub async fn style_css() -> impl IntoResponse {
    asset("text/css; charset=utf-8", STYLE_CSS)
}

/// ECharts never changes under its versioned path: cached for a year, not revalidated.
pub async fn echarts_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        ECHARTS_JS,
    )
}
