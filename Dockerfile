# syntax=docker/dockerfile:1
# One image for every lightpath program (deploy/container/entrypoint.sh): `orchestrator`, `agent`
# (alias `simulator`) or `plan`. Multi-stage: the build stage compiles TypeScript with the dev
# dependencies; the runtime stage has Node, the production dependencies and dist/ only, runs as the
# unprivileged `node` user (uid 1000) and writes nothing outside /tmp and the agent's state volume.
# Not built on the project's CI machines (no Docker engine there): see docs/deploy.md.

FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json tsconfig.services.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build:services \
 && npx tsc -p apps/topology-cli/tsconfig.json && npx tsc-alias -p apps/topology-cli/tsconfig.json \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    ORCH_HTTP_HOST=0.0.0.0 \
    AGENT_HTTP_HOST=0.0.0.0 \
    AGENT_STATE_DIR=/var/lib/lightpath
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY deploy/container/entrypoint.sh /usr/local/bin/lightpath
RUN mkdir -p /var/lib/lightpath && chown node:node /var/lib/lightpath
USER node
EXPOSE 3000 3101
ENTRYPOINT ["/usr/local/bin/lightpath"]
CMD ["orchestrator"]
