"""A stand-in worker for the client's failure tests; its behaviour is the suffix of its file name:
dies-once (dies on its first request after hello, answers once restarted), dies (dies on every request
but hello), silent (never answers but hello), garbage (answers with bytes that are not a frame)."""
import json, os, struct, sys

mode = os.path.basename(__file__)[len("fake_worker-"):-len(".py")]
marker = __file__ + ".died"
out = os.fdopen(os.dup(1), "wb", buffering=0)
inp = os.fdopen(os.dup(0), "rb", buffering=0)

def send(obj):
    data = json.dumps(obj).encode()
    out.write(struct.pack(">I", len(data)) + data)

while True:
    header = inp.read(4)
    if len(header) < 4:
        sys.exit(0)
    req = json.loads(inp.read(struct.unpack(">I", header)[0]))
    if req["op"] in ("hello", "shutdown"):
        send({"v": 1, "id": req["id"], "ok": True, "result": {"ezkl": "fake", "protocol": 1}})
        continue
    if mode == "dies" or (mode == "dies-once" and not os.path.exists(marker)):
        open(marker, "w").close()
        os._exit(9)
    if mode == "silent":
        continue
    if mode == "garbage":
        out.write(b"\xff\xff\xff\xffnot a frame")
        continue
    send({"v": 1, "id": req["id"], "ok": True, "result": {"echo": req["op"]}})
