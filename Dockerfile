# syntax=docker/dockerfile:1.7
# One parametrised image definition, one target per service:
#   docker build --target gateway  -t ordergraph/gateway  .
#   docker build --target orders   -t ordergraph/orders   .   (accounts, products, payments alike)
# Each image holds one service only: its compiled dist/ (scripts/build.mjs), its schema, and the
# production dependencies of that service alone (`pnpm deploy --prod`), run as `node dist/index.js`.
# A subgraph's SQL migrations arrive as one of those dependencies (@ordergraph/prisma, prisma/).
# No TypeScript compiler, tests, benchmarks, storefront or other services are in it.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- build: full install (Prisma clients, GraphiQL bundle), compile, one deploy dir per service -----
FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install -g pnpm@10 && pnpm --version
WORKDIR /repo
# `pnpm fetch` needs only the lockfile: this layer (the download) is cached until it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile
COPY . .
RUN pnpm install --frozen-lockfile --offline && pnpm build
# Workspace packages are copied into each deploy dir (injected), with their dist/ ("files").
RUN for service in gateway accounts products orders payments; do \
      pnpm --config.inject-workspace-packages=true --filter "@ordergraph/$service" deploy --prod --offline "/deploy/$service" || exit 1; \
    done

# --- runtime: shared base of every service image ------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# `production` export condition: workspace packages resolve to their compiled dist/.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    LOG_PRETTY=false \
    NODE_OPTIONS=--conditions=production
# The image's built-in unprivileged user (uid 1000).
USER node
# Node is PID 1 and handles SIGTERM itself (graceful drain); no shell in between.
ENTRYPOINT ["node"]

FROM runtime AS gateway
# The repository's layout under /app, so paths relative to the code (supergraph.graphql) hold.
WORKDIR /app/gateway
COPY --from=build --chown=node:node /deploy/gateway ./
ENV PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD ["node", "-e", "fetch('http://127.0.0.1:4000/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# V8 flags of the gateway process ("nodeFlags" in gateway/package.json; not allowed in NODE_OPTIONS):
# the old generation grows by 1.5x its live size between full GCs instead of up to 4x, which keeps
# peak RSS under load at about 200 MB without a heap cap (docs/performance.md, "Gateway memory: V8 heap growth").
CMD ["--heap-growing-percent=50", "dist/index.js"]

FROM runtime AS accounts
WORKDIR /app/subgraphs/accounts
COPY --from=build --chown=node:node /deploy/accounts ./
ENV PORT=4001
EXPOSE 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4001/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["dist/index.js"]

FROM runtime AS products
WORKDIR /app/subgraphs/products
COPY --from=build --chown=node:node /deploy/products ./
ENV PORT=4002
EXPOSE 4002
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4002/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["dist/index.js"]

FROM runtime AS orders
WORKDIR /app/subgraphs/orders
COPY --from=build --chown=node:node /deploy/orders ./
ENV PORT=4003
EXPOSE 4003
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4003/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["dist/index.js"]

FROM runtime AS payments
WORKDIR /app/subgraphs/payments
COPY --from=build --chown=node:node /deploy/payments ./
ENV PORT=4004
EXPOSE 4004
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4004/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["dist/index.js"]
