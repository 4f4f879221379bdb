import type { HttpFunctionOptions } from '@azure/functions';
import { servePage } from '../src/api/page.js';
import { webHandler } from './webHandler.js';

/**
 * The findings page, GET /api/tab/ and its assets. Anonymous: the page holds no data, and every API call it
 * makes carries the user's token.
 */
export const findingsPage: { name: string; options: HttpFunctionOptions } = {
  name: 'findings-page',
  options: { methods: ['GET', 'HEAD'], authLevel: 'anonymous', route: 'tab/{*path}', handler: webHandler(servePage) },
};
