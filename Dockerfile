# Kuulo as a container image: built in one stage, run in another with only the runtime dependencies, as a non-root
# user, on plain node. `docker build -t kuulo .` then see deploy/compose.yaml for two instances behind a proxy.

# Build: dev dependencies, the client (Vite) and the server (TypeScript to JavaScript) into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime dependencies only (npm ci --omit=dev), compiled here so the final image needs no compiler.
FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY surveys ./surveys
# The SQLite file lives in a volume (unused with DATABASE_URL=postgres://…); the image's files stay root's, read-only
# to the server.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/server/main.js"]
