# syntax=docker/dockerfile:1.7
# One parametrised image definition, one target per service:
#   docker build --target gateway  -t ordergraph/gateway  .
#   docker build --target orders   -t ordergraph/orders   .   (accounts, products, payments alike)
# Services run their TypeScript through tsx (no separate build step), as `pnpm dev` does.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- build: full install, generates the Prisma clients (postinstall) ---------------------
FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install -g pnpm@10 && pnpm --version
WORKDIR /app
# `pnpm fetch` needs only the lockfile: this layer (the download) is cached until it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile
COPY . .
RUN pnpm install --frozen-lockfile --offline

# --- prod-deps: runtime dependencies only, no dev tools ----------------------------------
FROM build AS prod-deps
RUN rm -rf node_modules gateway/node_modules packages/*/node_modules stack/node_modules test/harness/node_modules subgraphs/*/node_modules examples/*/node_modules \
 && pnpm install --frozen-lockfile --offline --prod --ignore-scripts

# --- runtime: shared base of every service image ------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    LOG_PRETTY=false
WORKDIR /app
# Sources, generated Prisma clients (made by the build's postinstall) and production node_modules.
COPY --from=prod-deps --chown=node:node /app /app
# The image's built-in unprivileged user (uid 1000).
USER node
# Node is PID 1 and handles SIGTERM itself (graceful drain); no shell in between.
ENTRYPOINT ["node", "--import", "tsx"]

FROM runtime AS gateway
ENV PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD ["node", "-e", "fetch('http://127.0.0.1:4000/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["gateway/src/index.ts"]

FROM runtime AS accounts
ENV PORT=4001
EXPOSE 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4001/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["subgraphs/accounts/src/index.ts"]

FROM runtime AS products
ENV PORT=4002
EXPOSE 4002
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4002/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["subgraphs/products/src/index.ts"]

FROM runtime AS orders
ENV PORT=4003
EXPOSE 4003
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4003/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["subgraphs/orders/src/index.ts"]

FROM runtime AS payments
ENV PORT=4004
EXPOSE 4004
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:4004/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["subgraphs/payments/src/index.ts"]
