# Multi-stage build: compile in the Rust image, run in a slim Debian image as a non-root user.
FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY migrations migrations
RUN cargo build --release --locked --bin ssc-api

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --create-home ssc \
 && mkdir -p /app/data && chown ssc /app/data
COPY --from=build /src/target/release/ssc-api /usr/local/bin/ssc-api
USER ssc
WORKDIR /app
ENV SSC_BIND=0.0.0.0:8080 \
    SSC_DATA_DIR=/app/data \
    RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/readyz >/dev/null || exit 1
# SIGTERM lets in-flight requests finish (graceful shutdown, up to 30 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["ssc-api"]
CMD ["serve"]
