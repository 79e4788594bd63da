//! The HTTP server: JSON API and the embedded web UI.
pub struct Config {
    pub corpus: std::path::PathBuf,
    pub index: std::path::PathBuf,
    pub addr: std::net::SocketAddr,
    pub watch: bool,
    pub admin_token: Option<String>,
}
pub fn run(_config: Config) -> crate::Result<()> {
    todo!()
}
