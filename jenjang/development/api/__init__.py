from ninja import Router

from jenjang.development.api.ledger import router as ledger_router
from jenjang.development.api.plans import router as plans_router

router = Router()
router.add_router("", ledger_router)
router.add_router("", plans_router)
