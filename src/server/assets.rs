//! The web UI, embedded so that the single executable serves it.

use axum::http::header;
use axum::response::IntoResponse;

const INDEX_HTML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/index.html"));
const APP_JS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/app.js"));
const RESEARCH_JS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/research.js"));
const STYLE_CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/style.css"));
/// Apache ECharts (web/vendor/echarts, its version and licence there), which draws the charts.
const ECHARTS_JS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/web/vendor/echarts/echarts.min.js"
));
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

pub async fn app_js() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

pub async fn research_js() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", RESEARCH_JS)
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
