/* Bilingual words: error messages by code, document levels and agency roles.
 */
// -- talking to the API: errors in both languages, a loading indicator, a retry -------------
export var MESSAGES = {
  entity_not_found: "找不到该实体",
  ambiguous_entity: "名称对应多个实体，请选择一个",
  node_not_found: "找不到该节点",
  store_unavailable: "图数据库暂时不可用",
  unauthorized: "需要 API 令牌",
  validation_error: "请求参数无效",
  out_of_range: "请求超出范围",
};

// -- document facets: which documents the tasks come from (kind, level, year), agency roles ----
// GET /documents gives every document's metadata once; the map keeps the tasks of the
// documents the facets keep, and every /tasks request carries the same facets.
export var LEVEL_NAMES = { national: "国家 national", provincial: "省级 provincial",
  prefecture: "地市 prefecture", county: "县级 county" };

export var ROLE_NAMES = { lead: "牵头 lead", support: "参与 support", responsible: "负责 responsible",
  guide: "指导 guide", joint: "会同 joint" };
