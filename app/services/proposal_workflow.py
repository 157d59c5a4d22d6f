"""The handling chain of a proposal: 审查, 交办, 答复, 评价, 重新办理, 办结, 重点, 督办, 批示.

``ProposalWorkflow`` is the chain as ``ProposalService`` (see ``proposals``) inherits it, put
together from one class per part of the domain: ``ProposalReview`` (审查), ``ProposalHandling``
(交办, 答复, 重点, 督办, 批示) and ``ProposalClosing`` (评价, 重新办理, 办结, 优秀), over the
shared plumbing of ``ProposalSteps``. A proposal's workflow fields change only through these.
"""

from __future__ import annotations

from app.services.proposal_closing import ProposalClosing
from app.services.proposal_handling import ProposalHandling
from app.services.proposal_review import ProposalReview

__all__ = ["ProposalWorkflow"]


class ProposalWorkflow(ProposalReview, ProposalHandling, ProposalClosing):
    """Every workflow step of ``ProposalService``."""
