# One image per service: docker build --build-arg SERVICE=users .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY services ./services
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ARG SERVICE
# RPC listens on every interface so the other services reach it over their private network
# (docker-compose's `backend`); never publish ports 4001-4003. Each message must also carry an
# HMAC signed with RPC_SECRETS, which has no default: the container will not start without it.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HTTP_HOST=0.0.0.0 \
    RPC_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/package.json ./package.json
USER node
# The entry point is chosen at run time from the build argument baked into SERVICE.
CMD ["sh", "-c", "exec node dist/services/${SERVICE}/src/main.js"]
