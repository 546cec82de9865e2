# syntax=docker/dockerfile:1
#
# One image for every application of nest-cli.json. `npm run build` (webpack) compiles all of them
# into dist/apps/<app>/main.js; APP picks the one a container runs:
#
#   docker build -t cadre-platform:latest .                 # APP defaults to gateway
#   docker run -e APP=roster -e ROLE=worker ... cadre-platform:latest
#
# The APP build arg only sets the default of the APP variable (docker-compose.yml passes it per
# service); Kubernetes runs the same image and sets APP in each Deployment.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency, for the build --------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install script runs: package.json "allowScripts" denies each of them (argon2 and
# msgpackr-extract load bundled prebuilds). --ignore-scripts gives the same result with the npm 10
# of the base image as npm 11 gives on a developer machine.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund

# ---- build: webpack -> dist/apps/<app>/main.js --------------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build

# ---- prod-deps: runtime dependencies only (webpack keeps node_modules external) ------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Code and modules stay owned by root: the process can read them but never change them.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The base image's unprivileged "node" user, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
# Declared last so that images built for different apps share every layer above.
ARG APP=gateway
ENV APP=${APP}
# GATEWAY_PORT; the services listen on <SERVICE>_HTTP_PORT (3001-3005) for health and metrics only.
EXPOSE 3000
# `exec` replaces the shell, so node is PID 1 and receives SIGTERM itself (it drains and exits 0).
CMD ["sh", "-c", "exec node dist/apps/${APP:?APP must name an application of nest-cli.json}/main.js"]
