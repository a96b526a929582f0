"""The benchmark's peer: RapidOCR 1.4.4 (rapidocr-onnxruntime, the package our models come from)
reading the same images, driven by benches/ocr.rs over stdin/stdout, one JSON object a line:

  start         -> {"load_ms": ...}                 (RapidOCR() constructed: the three sessions)
  "<png path>"  -> {"ms": ..., "lines": [...]}      (one call on the decoded image)
  end of input  -> {"peak_kib": ...}                (max RSS of this process)

Arguments: the number of ONNX Runtime intra-op threads (the same as ours).
"""

import json
import resource
import sys
import time

import cv2
from rapidocr_onnxruntime import RapidOCR


def say(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    threads = int(sys.argv[1])
    t = time.perf_counter()
    engine = RapidOCR(
        det_intra_op_num_threads=threads,
        cls_intra_op_num_threads=threads,
        rec_intra_op_num_threads=threads,
    )
    say({"load_ms": (time.perf_counter() - t) * 1000})
    images = {}
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        if path not in images:
            images[path] = cv2.imread(path)  # BGR, as RapidOCR expects an array
        img = images[path]
        t = time.perf_counter()
        result, _ = engine(img)
        ms = (time.perf_counter() - t) * 1000
        say({"ms": ms, "lines": [text for _, text, _ in (result or [])]})
    say({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})


if __name__ == "__main__":
    main()
