# Build on the current Node LTS; the runtime image carries only the compiled output and production deps.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json nest-cli.json ./
COPY src ./src
COPY projections ./projections
COPY schema ./schema
COPY test ./test
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRAETOR_HOST=0.0.0.0 PRAETOR_DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY package.json ./
VOLUME /data
EXPOSE 4200
USER node
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
