// Copies the dashboard's third-party browser libraries from node_modules into
// src/eventlens/web/static/vendor/ (gitignored), with their licences and a
// manifest the server reads to tell whether the assets were built.
// Usage: npm ci && npm run build
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "eventlens", "web", "static", "vendor");

// [package, file inside the package, name in vendor/]
const ASSETS = [
  ["cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"],
  ["d3-array", "dist/d3-array.min.js", "d3-array.min.js"],
  ["d3-geo", "dist/d3-geo.min.js", "d3-geo.min.js"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"],
  ["world-atlas", "countries-110m.json", "countries-110m.json"],
];

function licenceFile(pkgDir) {
  for (const name of ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE"]) {
    if (existsSync(join(pkgDir, name))) return name;
  }
  return null;
}

mkdirSync(join(out, "licenses"), { recursive: true });
const manifest = { built: new Date().toISOString(), packages: {}, files: [] };
for (const [pkg, file, target] of ASSETS) {
  const pkgDir = join(modules, pkg);
  const src = join(pkgDir, file);
  if (!existsSync(src)) {
    console.error(`missing ${pkg}/${file}: run "npm ci" in web/ first`);
    process.exit(1);
  }
  copyFileSync(src, join(out, target));
  const meta = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const lic = licenceFile(pkgDir);
  if (lic) copyFileSync(join(pkgDir, lic), join(out, "licenses", `${pkg}.txt`));
  manifest.packages[pkg] = { version: meta.version, license: meta.license };
  manifest.files.push(target);
  console.log(`vendor/${target}  <- ${pkg}@${meta.version} (${meta.license})`);
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${manifest.files.length} files to ${out}`);
