/**
 * Process-wide defaults that must be in place before any library is loaded:
 * import this module first in every entry point. Grafast reads GRAPHILE_ENV
 * when it is imported and warns on every start when it is unset.
 */
process.env.GRAPHILE_ENV ??= 'production';
