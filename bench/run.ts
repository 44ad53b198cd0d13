// `npm run bench -- <name>`: runs one benchmark and records it under bench/results/.
const benches: Record<string, () => Promise<void>> = {
  http: async () => (await import('./http.ts')).run(),
  'catalog-search': async () => (await import('./catalog-search.ts')).run(),
  'catalog-import': async () => (await import('./catalog-import.ts')).run(),
  exchange: async () => (await import('./exchange.ts')).run(),
  gateway: async () => (await import('./gateway.ts')).run(),
  quality: async () => (await import('./quality.ts')).run(),
}

const name = process.argv[2]
const bench = name ? benches[name] : undefined
if (!bench) {
  console.error(`usage: npm run bench -- <name>\navailable: ${Object.keys(benches).join(', ')}`)
  process.exit(2)
}
await bench()
