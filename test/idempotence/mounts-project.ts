// A project whose services use every kind of mount, two networks, a secret and a config: the
// material of the idempotence tests (a second `up` must change none of it).
export const MOUNTS_COMPOSE = `name: mounts
services:
  store:
    image: busybox:latest
    init: true
    command: ["sleep", "3600"]
    volumes:
      - data:/data
      - /cache
      - ./site:/site:ro
      - type: tmpfs
        target: /scratch
    tmpfs: [/run/x]
    networks: [front, back]
    secrets: [token]
    configs: [conf]
  reader:
    image: busybox:latest
    init: true
    command: ["sleep", "3600"]
    volumes_from: ["store:ro"]
    networks: [back]
    depends_on: [store]
  job:
    image: busybox:latest
    command: ["sh", "-c", "ls /data"]
    volumes: [data:/data]
    network_mode: none
volumes:
  data:
networks:
  front:
  back:
secrets:
  token:
    file: ./token.txt
configs:
  conf:
    file: ./conf.txt
`;
