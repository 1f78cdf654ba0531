// outlines.mjs — writes the offline country outlines of the web page
// (GeoJSON on stdout) from the world-atlas package (Natural Earth 1:110m,
// public domain; package ISC).  Each feature gets its ISO 3166 alpha-3
// code, its name, and an anchor point (centre of its largest ring's
// bounding box) where events with a country but no coordinates are drawn.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries');
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const world = feature(topo, topo.objects.countries);

const round = (x) => Math.round(x * 100) / 100;
const roundRing = (ring) => ring.map(([x, y]) => [round(x), round(y)]);

function largestRing(geometry) {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]]
    : geometry.coordinates.map((p) => p[0]);
  let best = rings[0], bestArea = -1;
  for (const r of rings) {
    const xs = r.map((p) => p[0]), ys = r.map((p) => p[1]);
    const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (area > bestArea) { best = r; bestArea = area; }
  }
  return best;
}

const features = [];
for (const f of world.features) {
  if (!f.geometry) continue;
  const iso3 = countries.numericToAlpha3(f.id) || null;
  const ring = largestRing(f.geometry);
  const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
  const g = f.geometry;
  const coordinates = g.type === 'Polygon' ? g.coordinates.map(roundRing)
    : g.coordinates.map((poly) => poly.map(roundRing));
  features.push({
    type: 'Feature',
    properties: {
      iso3, name: f.properties.name,
      lat: round((Math.min(...ys) + Math.max(...ys)) / 2),
      lon: round((Math.min(...xs) + Math.max(...xs)) / 2),
    },
    geometry: { type: g.type, coordinates },
  });
}
process.stdout.write(JSON.stringify({ type: 'FeatureCollection', features }));
