#!/usr/bin/env node
// Entry point for `npx lifeboat` in a checkout: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../src-main/hosts/cli/main.ts');
