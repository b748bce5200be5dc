"""The same calls `dspy-ask` makes, as a plain Python script: the baseline of compare.py.

    python ask.py MODEL API_BASE QUESTION

The settings are arguments rather than a TOML file: `tomllib` needs Python 3.11.
"""

import os
import sys

# Before importing DSPy, or litellm fetches its price list from the internet.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import dspy


def main() -> None:
    model, api_base, question = sys.argv[1:4]
    lm = dspy.LM(model, api_base=api_base, api_key="no-key", num_retries=0, cache=False)
    predict = dspy.Predict("question -> answer")
    predict.set_lm(lm)
    print(predict(question=question).answer)


if __name__ == "__main__":
    main()
