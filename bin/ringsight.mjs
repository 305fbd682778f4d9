#!/usr/bin/env node
// ringsight CLI entry: runs the TypeScript CLI through tsx so `npx ringsight` works straight after `npm ci`.
import { register } from 'tsx/esm/api';
register();
await import('../cli/main.ts');
