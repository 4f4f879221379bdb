#!/usr/bin/env node
// The package's `hunts` command runs the compiled CLI; `npm run hunts -- ...` runs it from source instead.
import '../dist/src/cli/main.js';
