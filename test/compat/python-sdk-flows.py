# Flows of the Python docker SDK (Debian's python3-docker) against the berthd at DOCKER_HOST,
# as its users write them. Each flow prints one JSON line {"flow", "ok", "detail"}; the test
# (python-sdk.test.ts) asserts on them. The image is `bb:latest`, loaded by the test.
import json
import sys
import traceback

import docker


def flow(name):
    def wrap(fn):
        try:
            detail = fn()
            print(json.dumps({"flow": name, "ok": True, "detail": detail}), flush=True)
        except Exception:
            print(json.dumps({"flow": name, "ok": False, "detail": traceback.format_exc()}), flush=True)
        return fn
    return wrap


client = docker.from_env()


@flow("containers.run returns the output")
def run_output():
    out = client.containers.run("bb:latest", ["sh", "-c", "echo hello from sdk"], remove=True)
    assert out == b"hello from sdk\n", out
    return out.decode()


@flow("containers.run with a failing command raises ContainerError with stderr")
def run_fails():
    try:
        client.containers.run("bb:latest", ["sh", "-c", "echo bad >&2; exit 3"], remove=True)
    except docker.errors.ContainerError as e:
        assert e.exit_status == 3, e.exit_status
        assert b"bad" in e.stderr, e.stderr
        return e.exit_status
    raise AssertionError("no ContainerError")


@flow("HostConfig defaults: LogConfig type and restart policy")
def host_config():
    c = client.containers.create("bb:latest", ["true"])
    try:
        hc = c.attrs["HostConfig"]
        assert hc["LogConfig"]["Type"] == "json-file", hc["LogConfig"]
        assert hc["RestartPolicy"]["Name"] == "no", hc["RestartPolicy"]
        return hc["LogConfig"]
    finally:
        c.remove()


@flow("run detached with a named volume and a port on any free host port; exec_run; inspect")
def detached():
    vol = client.volumes.create("sdkdata")
    c = client.containers.run("bb:latest", ["sh", "-c", "echo ready > /data/f; exec httpd -f -p 80 -h /data"],
                              detach=True, ports={"80/tcp": ("127.0.0.1", None)}, volumes={"sdkdata": {"bind": "/data", "mode": "rw"}})
    try:
        c.reload()
        port = c.attrs["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
        assert int(port) > 0, port
        mount = c.attrs["Mounts"][0]
        assert (mount["Type"], mount["Name"], mount["Driver"]) == ("volume", "sdkdata", "local"), mount
        code, out = c.exec_run(["cat", "/data/f"])
        assert (code, out) == (0, b"ready\n"), (code, out)
        return port
    finally:
        c.remove(force=True)
        vol.remove()


@flow("entrypoint cleared with an empty string")
def entrypoint():
    out = client.containers.run("bb:latest", ["echo", "no entrypoint"], entrypoint="", remove=True)
    assert out == b"no entrypoint\n", out
    return out.decode()


sys.exit(0)
