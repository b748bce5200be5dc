"""A custom DSPy module, written in Python and called from Rust by `dspy-ask --context`.

Rust loads this file (the crate embeds it with `include_str!`) and calls
`ContextQA().acall(context=..., question=...)` like any other DSPy module: through the
async entry point, so that a deadline can cancel the call.
"""

import dspy


class AnswerFromContext(dspy.Signature):
    """Answer the question using only the context; say so when the context does not tell."""

    context: str = dspy.InputField(desc="the text to answer from")
    question: str = dspy.InputField()
    answer: str = dspy.OutputField(desc="a short answer")


class ContextQA(dspy.Module):
    """Reason step by step over a context, then answer the question."""

    def __init__(self):
        super().__init__()
        self.respond = dspy.ChainOfThought(AnswerFromContext)

    def forward(self, context: str, question: str) -> dspy.Prediction:
        return self.respond(context=context.strip(), question=question.strip())

    async def aforward(self, context: str, question: str) -> dspy.Prediction:
        """What `acall` runs: the same steps, awaiting the model instead of blocking."""
        return await self.respond.acall(context=context.strip(), question=question.strip())
