/** Tables of the exchange part of the sharing module (migration files in ../migrations). */
// biome-ignore lint/complexity/noBannedTypes: filled in as the tables are added
export type ExchangeTables = {}
