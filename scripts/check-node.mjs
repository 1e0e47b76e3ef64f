// Prints one line when this Node is older than package.json's engines.node (">=MAJOR[.MINOR]")
// asks for, and nothing otherwise. The Makefile runs it before any target, with whatever `node` is
// first on PATH, so it sticks to syntax every Node since 12 parses.
import { readFileSync } from 'node:fs';

const wanted = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const [major, minor = 0] = /^>=\s*(\d+)(?:\.(\d+))?/.exec(wanted).slice(1).filter(Boolean).map(Number);
const [haveMajor, haveMinor] = process.versions.node.split('.').map(Number);
// An older major is told the major (as .nvmrc names it); an older minor of it, the minor.
if (haveMajor < major) console.log(`Node ${major} or later is needed, found ${process.version}: \`nvm use\``);
else if (haveMajor === major && haveMinor < minor)
  console.log(`Node ${major}.${minor} or later is needed, found ${process.version}: \`nvm use\``);
