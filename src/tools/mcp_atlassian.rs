//! stub
use super::*;
pub fn read(_path: Option<&Path>, _env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    Ok(vec![])
}
pub fn corrected_lines(_s: &ToolSettings, _c: &Correction) -> Vec<ConfigLine> {
    vec![]
}
pub fn oauth_base(_s: &ToolSettings) -> Option<String> {
    None
}
pub fn client_config_paths(_env: &dyn ToolEnv) -> Vec<PathBuf> {
    vec![]
}
pub fn read_client_config(_p: &Path, _env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    Ok(vec![])
}
