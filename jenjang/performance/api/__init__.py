from ninja import Router

from jenjang.performance.api.coaching import router as coaching_router
from jenjang.performance.api.evaluation import router as evaluation_router
from jenjang.performance.api.skp import router as skp_router

router = Router()
router.add_router("", skp_router)
router.add_router("", evaluation_router)
router.add_router("", coaching_router)
