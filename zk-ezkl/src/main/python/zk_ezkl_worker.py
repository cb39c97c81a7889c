#!/usr/bin/env python3
"""zk-autograd's EZKL worker.

Reads length-prefixed JSON requests on stdin and writes length-prefixed JSON responses on stdout, one
response per request, in order (docs/formats/ezkl-worker-protocol.md). The Java client
(dev.zkautograd.ezkl.worker.EzklWorker) starts it once and reuses it. It never touches the network:
the SRS is made by ezkl.gen_srs or given as a file; ezkl.get_srs is never called.

Everything EZKL-specific lives here: the optimizer-step graphs (built with the onnx package, no
PyTorch), the run arguments, calibration, setup, witness generation, proving, verification, Poseidon
hashes and the EVM verifier. The Java side checks file digests and public instances.
"""
import json
import os
import struct
import sys
import time
import traceback

PROTOCOL = 1
# Version of the step graphs below; keys made for another version are refused (CircuitKind.GRAPH_VERSION).
GRAPH_VERSION = 3
MAX_FRAME = 16 << 20
MAX_DIM = 1 << 16
DECOMP_BASE = 1 << 12
# Rows halo2 keeps for blinding and for the instance column's padding, on top of the gates' rows.
RESERVED_ROWS = 256

# BN254's scalar field: the field of EZKL's Halo2 circuits and of its public instances.
FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617

# The statement input: the SHA-256 of the step's statement (chunk, step, hyper-parameters) as eight
# 32-bit words, passed as field elements rather than grid values (docs/ezkl-backend.md, "The statement").
STATEMENT = "statement"
STATEMENT_WORDS = 8
# The inputs and outputs of each step graph, in graph order. An input is a vector ([1, dim]), a scalar
# ([1, 1]) or the statement ([1, 8] field elements below 2^32).
VECTOR, SCALAR = "vector", "scalar"
GRAPHS = {
    "adam": {
        "file": "adam_step.onnx",
        "inputs": [("w", VECTOR), ("g", VECTOR), ("m", VECTOR), ("u", VECTOR), ("lr", SCALAR), ("beta1", SCALAR),
                   ("beta2", SCALAR), ("eps", SCALAR), ("bc1", SCALAR), ("bc2", SCALAR), ("clip", SCALAR),
                   (STATEMENT, STATEMENT)],
        "outputs": ["m_out", "u_out", "w_out"],
    },
    "sgd": {
        "file": "sgd_step.onnx",
        "inputs": [("w", VECTOR), ("g", VECTOR), ("lr", SCALAR), ("clip", SCALAR), (STATEMENT, STATEMENT)],
        "outputs": ["w_out"],
    },
}


def input_length(kind, dim):
    return {VECTOR: dim, SCALAR: 1, STATEMENT: STATEMENT_WORDS}[kind]


class RequestError(Exception):
    """A request the worker refuses; becomes an error frame with this code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class FrameError(Exception):
    """The byte stream itself is broken: the worker answers once and exits (it cannot resynchronise)."""


def read_exact(stream, n):
    data = bytearray()
    while len(data) < n:
        chunk = stream.read(n - len(data))
        if not chunk:
            return bytes(data)
        data.extend(chunk)
    return bytes(data)


def read_frame(stream):
    header = read_exact(stream, 4)
    if len(header) == 0:
        return None
    if len(header) < 4:
        raise FrameError("truncated frame header")
    (length,) = struct.unpack(">I", header)
    if length < 2 or length > MAX_FRAME:
        raise FrameError("frame length %d outside [2, %d]" % (length, MAX_FRAME))
    payload = read_exact(stream, length)
    if len(payload) < length:
        raise FrameError("truncated frame: %d of %d bytes" % (len(payload), length))
    return payload


def write_frame(stream, obj):
    data = json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False).encode("utf-8")
    if len(data) > MAX_FRAME:
        data = json.dumps({"v": PROTOCOL, "id": obj.get("id", 0), "ok": False,
                           "error": {"code": "INTERNAL", "message": "response larger than a frame"}}).encode("utf-8")
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


# ---- argument checks -------------------------------------------------------------------------------

def arg(req, name, kind, required=True):
    if name not in req:
        if required:
            raise RequestError("BAD_REQUEST", "missing argument '%s'" % name)
        return None
    value = req[name]
    ok = {
        "str": isinstance(value, str) and 0 < len(value) <= 4096,
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
    }[kind]
    if not ok:
        raise RequestError("BAD_REQUEST", "argument '%s' must be a %s" % (name, kind))
    return value


def existing_file(req, name):
    path = arg(req, name, "str")
    if not os.path.isfile(path):
        raise RequestError("BAD_INPUT", "%s: no such file %s" % (name, path))
    return path


def existing_dir(req, name):
    path = arg(req, name, "str")
    if not os.path.isdir(path):
        raise RequestError("BAD_INPUT", "%s: no such folder %s" % (name, path))
    return path


def graph_of(req):
    circuit = arg(req, "circuit", "str")
    if circuit not in GRAPHS:
        raise RequestError("BAD_INPUT", "circuit must be one of %s, not %s" % (sorted(GRAPHS), circuit))
    return circuit, GRAPHS[circuit]


def graph_inputs(values, name, spec, dim):
    """The inputs of a prove request as EZKL's input data: grid values as numbers, the statement's
    words as field elements (hex), which EZKL takes as they are instead of quantising them."""
    kinds = [kind for _, kind in spec["inputs"]]
    if not isinstance(values, list) or len(values) != len(kinds):
        raise RequestError("BAD_INPUT", "%s must be %d lists" % (name, len(kinds)))
    data = []
    for i, (xs, kind) in enumerate(zip(values, kinds)):
        n = input_length(kind, dim)
        if not isinstance(xs, list) or len(xs) != n:
            raise RequestError("BAD_INPUT", "%s[%d] must hold %d numbers" % (name, i, n))
        for x in xs:
            if isinstance(x, bool) or not isinstance(x, (int, float)) or x != x or x in (float("inf"), float("-inf")):
                raise RequestError("BAD_INPUT", "%s[%d] holds a value that is not a finite number" % (name, i))
            if kind == STATEMENT and (not isinstance(x, int) or not 0 <= x < 1 << 32):
                raise RequestError("BAD_INPUT", "%s[%d] (the statement) must hold integers in [0, 2^32)" % (name, i))
        data.append([felt_hex(x) for x in xs] if kind == STATEMENT else xs)
    return data


def felt_hex(k):
    """A field element as EZKL writes it: 32 bytes little-endian, hex."""
    return (k % FIELD).to_bytes(32, "little").hex()


def felt_int(hex_le):
    """EZKL's felt as a signed integer (values above p/2 stand for negatives)."""
    k = int.from_bytes(bytes.fromhex(hex_le), "little")
    if k >= FIELD:
        raise RequestError("EZKL_FAILED", "a field element is not canonical")
    return k - FIELD if k > FIELD // 2 else k


# ---- the step graphs --------------------------------------------------------------------------------

def build_graph(circuit, dim, path):
    """The optimizer step as an ONNX graph, node by node (docs/ezkl-backend.md, "The circuit")."""
    import onnx
    from onnx import TensorProto, helper

    spec = GRAPHS[circuit]
    # The statement input feeds no node: EZKL hashes every input, so its Poseidon hash is an instance
    # all the same, bound to the proof like the others.
    inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, input_length(kind, dim)]) for n, kind in spec["inputs"]]
    outputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, dim]) for n in spec["outputs"]]
    one = helper.make_tensor("one", TensorProto.FLOAT, [1, 1], [1.0])
    node = helper.make_node
    clip = [node("Neg", ["clip"], ["neg_clip"]), node("Max", ["g", "neg_clip"], ["g_low"]), node("Min", ["g_low", "clip"], ["gc"])]
    if circuit == "sgd":
        nodes = clip + [node("Mul", ["lr", "gc"], ["step"]), node("Sub", ["w", "step"], ["w_out"])]
    else:
        # The second moment is carried as u = v / (1 - beta2), so that u' = beta2*u + gc^2 needs no
        # multiplication by the tiny 1 - beta2 on the grid, and bc2 = sqrt((1 - beta2) / (1 - beta2^(t+1)))
        # turns sqrt(u') into sqrt(v-hat) (docs/ezkl-backend.md, "The circuit").
        nodes = clip + [
            node("Sub", ["one", "beta1"], ["one_minus_beta1"]),
            node("Mul", ["beta1", "m"], ["m_kept"]),
            node("Mul", ["one_minus_beta1", "gc"], ["m_new"]),
            node("Add", ["m_kept", "m_new"], ["m_out"]),
            node("Mul", ["gc", "gc"], ["g_squared"]),
            node("Mul", ["beta2", "u"], ["u_kept"]),
            node("Add", ["u_kept", "g_squared"], ["u_out"]),
            node("Sqrt", ["u_out"], ["u_root"]),
            node("Mul", ["u_root", "bc2"], ["v_hat_root"]),
            node("Add", ["v_hat_root", "eps"], ["denominator"]),
            node("Mul", ["m_out", "bc1"], ["m_hat"]),
            node("Mul", ["m_hat", "lr"], ["numerator"]),
            node("Div", ["numerator", "denominator"], ["step"]),
            node("Sub", ["w", "step"], ["w_out"]),
        ]
    graph = helper.make_graph(nodes, circuit + "_step", inputs, outputs, initializer=[one])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="zk-autograd")
    onnx.checker.check_model(model)
    onnx.save(model, path)


def calibration_data(circuit, dim, path, scale):
    """Representative inputs for calibration: weights in [-1, 1], clipped gradients, small moments."""
    import random

    rnd = random.Random(dim)
    unit = 2.0 ** -scale
    vec = lambda lo, hi: [round(rnd.uniform(lo, hi) / unit) * unit for _ in range(dim)]
    statement = [felt_hex(rnd.getrandbits(32)) for _ in range(STATEMENT_WORDS)]
    if circuit == "sgd":
        data = [vec(-1, 1), vec(-1, 1), [0.05], [0.99], statement]
    else:
        data = [vec(-1, 1), vec(-1, 1), vec(-0.1, 0.1), vec(0, 10.0), [0.05], [0.9], [0.999], [unit], [10.0], [1.0], [0.99],
                statement]
    with open(path, "w") as f:
        json.dump({"input_data": data}, f)


# ---- operations ---------------------------------------------------------------------------------------

def op_hello(req):
    import ezkl
    import onnx
    return {"protocol": PROTOCOL, "graph_version": GRAPH_VERSION, "ezkl": ezkl.__version__, "onnx": onnx.__version__,
            "python": "%d.%d.%d" % sys.version_info[:3], "pid": os.getpid()}


def op_setup(req):
    """Builds the graph, writes settings.json (calibrated), compiled.ezkl, the SRS, pk.key and vk.key."""
    import ezkl

    circuit, spec = graph_of(req)
    dim = arg(req, "dim", "int")
    if not 1 <= dim <= MAX_DIM:
        raise RequestError("BAD_INPUT", "dim must lie in [1, %d], not %d" % (MAX_DIM, dim))
    scale = arg(req, "scale", "int")
    if not 4 <= scale <= 20:
        raise RequestError("BAD_INPUT", "scale must lie in [4, 20], not %d" % scale)
    out = existing_dir(req, "out")
    srs = arg(req, "srs", "str", required=False)
    if srs is not None and not os.path.isfile(srs):
        raise RequestError("BAD_INPUT", "srs: no such file %s" % srs)
    max_logrows = arg(req, "max_logrows", "int", required=False)

    onnx_path = os.path.join(out, spec["file"])
    settings = os.path.join(out, "settings.json")
    compiled = os.path.join(out, "compiled.ezkl")
    srs_path = os.path.join(out, "kzg.srs")
    calibration = os.path.join(out, "calibration.json")
    timings = {}
    t0 = time.time()
    build_graph(circuit, dim, onnx_path)
    run_args = ezkl.PyRunArgs()
    run_args.input_visibility = "hashed"
    run_args.output_visibility = "hashed"
    run_args.param_visibility = "fixed"
    run_args.input_scale = scale
    run_args.param_scale = scale
    # Range checks by decomposition into base-2^12 digits (a 4096-row table; three digits cover the
    # products of the default scale, four the larger scales).
    run_args.decomp_base = DECOMP_BASE
    run_args.decomp_legs = 3 if scale <= 14 else 4
    if not ezkl.gen_settings(onnx_path, settings, run_args):
        raise RequestError("EZKL_FAILED", "gen_settings failed")
    calibration_data(circuit, dim, calibration, scale)
    ezkl.calibrate_settings(calibration, onnx_path, settings, "resources", 1.0, [scale], [1], max_logrows)
    with open(settings) as f:
        s = json.load(f)
    # The graphs use no lookup table (max_lookup_inputs stays 0), yet calibration sizes the circuit
    # for its default lookup range; the gates and the range table need far fewer rows.
    logrows = max(DECOMP_BASE.bit_length(), (s["num_rows"] + RESERVED_ROWS).bit_length())
    if max_logrows is not None and logrows > max_logrows:
        raise RequestError("BAD_INPUT", "the circuit needs 2^%d rows, more than max_logrows %d" % (logrows, max_logrows))
    s["run_args"]["logrows"] = logrows
    with open(settings, "w") as f:
        json.dump(s, f)
    timings["settings_ms"] = int((time.time() - t0) * 1000)
    if not ezkl.compile_circuit(onnx_path, compiled, settings):
        raise RequestError("EZKL_FAILED", "compile_circuit failed")
    # The calibration data must satisfy the compiled circuit's constraints before keys are made for it.
    calibration_witness = os.path.join(out, "calibration-witness.json")
    ezkl.gen_witness(calibration, compiled, calibration_witness, None, None)
    if not ezkl.mock(calibration_witness, compiled):
        raise RequestError("EZKL_FAILED", "the calibration data does not satisfy the compiled circuit")
    os.remove(calibration_witness)
    t1 = time.time()
    development = srs is None
    if development:
        ezkl.gen_srs(srs_path, logrows)
    elif os.path.abspath(srs) != os.path.abspath(srs_path):
        import shutil
        shutil.copyfile(srs, srs_path)
    timings["srs_ms"] = int((time.time() - t1) * 1000)
    t2 = time.time()
    if not ezkl.setup(compiled, os.path.join(out, "vk.key"), os.path.join(out, "pk.key"), srs_path, None, False):
        raise RequestError("EZKL_FAILED", "setup failed")
    timings["setup_ms"] = int((time.time() - t2) * 1000)
    os.remove(calibration)
    return {"logrows": logrows, "input_scale": s["run_args"]["input_scale"],
            "output_scales": s.get("model_output_scales", []), "num_rows": s.get("num_rows", 0),
            "development_srs": development, "graph": spec["file"], "timings": timings}


def op_prove(req):
    """Witness and proof for one chunk; returns the outputs as integers at the output scale."""
    import ezkl

    circuit, spec = graph_of(req)
    dim = arg(req, "dim", "int")
    compiled = existing_file(req, "compiled")
    pk = existing_file(req, "pk")
    vk = existing_file(req, "vk")
    srs = existing_file(req, "srs")
    work = existing_dir(req, "work")
    inputs = graph_inputs(arg(req, "inputs", "list"), "inputs", spec, dim)
    data = os.path.join(work, "input.json")
    witness = os.path.join(work, "witness.json")
    proof = os.path.join(work, "proof.json")
    with open(data, "w") as f:
        json.dump({"input_data": inputs}, f)
    t0 = time.time()
    w = ezkl.gen_witness(data, compiled, witness, vk, srs)
    t1 = time.time()
    if not ezkl.prove(witness, compiled, pk, proof, srs):
        raise RequestError("EZKL_FAILED", "prove failed")
    t2 = time.time()
    outputs = [[felt_int(x) for x in out] for out in w["outputs"]]
    return {"proof": proof, "outputs": outputs, "witness_ms": int((t1 - t0) * 1000), "prove_ms": int((t2 - t1) * 1000)}


def op_verify(req):
    import ezkl

    proof = existing_file(req, "proof")
    settings = existing_file(req, "settings")
    vk = existing_file(req, "vk")
    srs = existing_file(req, "srs")
    t0 = time.time()
    try:
        valid = bool(ezkl.verify(proof, settings, vk, srs, False))
        reason = None if valid else "ezkl.verify returned false"
    except Exception as e:  # EZKL raises for proofs that do not verify as well as for unreadable ones
        valid, reason = False, str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
    return {"valid": valid, "reason": reason, "verify_ms": int((time.time() - t0) * 1000)}


def op_poseidon(req):
    """EZKL's Poseidon hash of each list of integers (the hash a 'hashed' input or output exposes)."""
    import ezkl

    lists = arg(req, "felts", "list")
    if len(lists) > 64:
        raise RequestError("BAD_INPUT", "at most 64 lists per request")
    hashes = []
    for i, xs in enumerate(lists):
        if not isinstance(xs, list) or not 1 <= len(xs) <= MAX_DIM or any(isinstance(x, bool) or not isinstance(x, int) for x in xs):
            raise RequestError("BAD_INPUT", "felts[%d] must be 1 to %d integers" % (i, MAX_DIM))
        hashes.append(ezkl.poseidon_hash([felt_hex(x) for x in xs]))
    return {"hashes": hashes}


# The ABI of the verifier EZKL renders (Halo2Verifier.verifyProof), written by the worker because EZKL
# would compile the contract for it with a solc it downloads; the contracts module compiles it instead.
VERIFIER_ABI = [{"type": "function", "name": "verifyProof", "stateMutability": "nonpayable",
                 "inputs": [{"name": "proof", "type": "bytes", "internalType": "bytes"},
                            {"name": "instances", "type": "uint256[]", "internalType": "uint256[]"}],
                 "outputs": [{"name": "", "type": "bool", "internalType": "bool"}]}]


def op_evm_verifier(req):
    """EZKL's Solidity verifier (rendered, not compiled: see VERIFIER_ABI) and a proof's calldata."""
    import asyncio
    import ezkl

    vk = existing_file(req, "vk")
    settings = existing_file(req, "settings")
    srs = existing_file(req, "srs")
    sol = arg(req, "sol", "str")
    abi = arg(req, "abi", "str")
    if os.path.exists(sol):
        os.remove(sol)

    async def render():
        return await ezkl.create_evm_verifier(vk, settings, sol, abi, srs, False)

    compiled = True
    try:
        asyncio.run(render())
    except Exception as e:  # the compilation step needs a solc binary that is not there (and is never fetched)
        if not os.path.isfile(sol) or "function verifyProof(" not in open(sol).read():
            raise
        compiled = False
        print("zk-ezkl worker: verifier rendered; EZKL's own compilation skipped: %s" % e, file=sys.stderr)
    if not compiled or not os.path.isfile(abi):
        with open(abi, "w") as f:
            json.dump(VERIFIER_ABI, f, indent=2)
    result = {"sol": sol, "abi": abi, "compiled_by_ezkl": compiled}
    proof = arg(req, "proof", "str", required=False)
    if proof is not None:
        calldata = arg(req, "calldata", "str")
        if not os.path.isfile(proof):
            raise RequestError("BAD_INPUT", "proof: no such file %s" % proof)
        result["calldata_bytes"] = len(ezkl.encode_evm_calldata(proof, calldata, None))
        result["calldata"] = calldata
    return result


OPS = {"hello": op_hello, "setup": op_setup, "prove": op_prove, "verify": op_verify, "poseidon": op_poseidon,
       "evm_verifier": op_evm_verifier}


def answer(payload):
    """One response object for one request frame: never raises."""
    request_id = 0
    try:
        try:
            req = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise RequestError("BAD_REQUEST", "not a JSON document: %s" % e)
        if not isinstance(req, dict):
            raise RequestError("BAD_REQUEST", "a request is a JSON object")
        rid = req.get("id")
        if isinstance(rid, int) and not isinstance(rid, bool) and 0 < rid < 2 ** 53:
            request_id = rid
        else:
            raise RequestError("BAD_REQUEST", "id must be an integer in [1, 2^53)")
        if req.get("v") != PROTOCOL:
            raise RequestError("BAD_REQUEST", "protocol version must be %d" % PROTOCOL)
        op = req.get("op")
        if op not in OPS and op != "shutdown":
            raise RequestError("UNKNOWN_OP", "unknown op %r" % (op,))
        if op == "shutdown":
            return {"v": PROTOCOL, "id": request_id, "ok": True, "result": {}}, True
        return {"v": PROTOCOL, "id": request_id, "ok": True, "result": OPS[op](req)}, False
    except RequestError as e:
        return {"v": PROTOCOL, "id": request_id, "ok": False, "error": {"code": e.code, "message": str(e)}}, False
    except BaseException as e:  # EZKL's Rust panics arrive as pyo3 PanicException, a BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        traceback.print_exc(file=sys.stderr)
        message = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        return {"v": PROTOCOL, "id": request_id, "ok": False, "error": {"code": "EZKL_FAILED", "message": message[:2000]}}, False


def main():
    # No network at run time: EZKL's HTTP client honours these, so a call that would download (solc for
    # create_evm_verifier, an SRS for get_srs, which is never called) fails at once on a closed local port.
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ[proxy] = "http://127.0.0.1:9"
    for bypass in ("NO_PROXY", "no_proxy"):
        os.environ.pop(bypass, None)
    # Frames go to the original stdout only; anything EZKL or Python prints goes to stderr, so no
    # stray output can corrupt the stream.
    frames_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    frames_in = os.fdopen(os.dup(0), "rb", buffering=0)
    while True:
        try:
            payload = read_frame(frames_in)
        except FrameError as e:
            write_frame(frames_out, {"v": PROTOCOL, "id": 0, "ok": False, "error": {"code": "BAD_FRAME", "message": str(e)}})
            sys.exit(2)
        if payload is None:
            return
        response, stop = answer(payload)
        write_frame(frames_out, response)
        if stop:
            return


if __name__ == "__main__":
    main()
