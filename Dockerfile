# Stellar's image: one image, two roles (`stellar serve`, `stellar worker`) —
# see docker-compose.yml and docs/deploy.md. Not built by CI (no container
# runtime on the project's machines); test/compose.test.ts checks the compose
# file's syntax and variables only.

# --- stage 1: production dependencies only (no dev tools, no tests) ---------
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# --- stage 2: the runtime ----------------------------------------------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app
# The sources are compiled to dist/ below (scripts/build.mjs, esbuild); tsx stays as the fallback.
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json tsconfig.json crontab ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node src ./src
COPY --chown=node:node tasks ./tasks
COPY --chown=node:node sql ./sql
COPY --chown=node:node scripts/setup-db.ts ./scripts/setup-db.ts
COPY --chown=node:node scripts/build.mjs ./scripts/build.mjs
# Non-root: the node image's unprivileged user.
USER node
# The CLI compiled to dist/ (docs/cli.md#start-up): `stellar` starts without compiling TypeScript.
RUN node scripts/build.mjs --quiet
EXPOSE 8080
ENTRYPOINT ["node", "bin/stellar.mjs"]
CMD ["serve"]
