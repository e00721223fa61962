#!/usr/bin/env node
// Runs the compiled build when it is current, else the TypeScript sources through tsx (see pick-entry.js).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { pickEntry } from './pick-entry.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { entry, compiled } = pickEntry(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (!compiled) (await import('tsx/esm/api')).register();
await import(pathToFileURL(entry).href);
