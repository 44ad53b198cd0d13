/** Tables of the gateway part of the sharing module (migration files in ../migrations). */
// biome-ignore lint/complexity/noBannedTypes: filled in as the tables are added
export type GatewayTables = {}
