"""vboard: drive a virtual STM32F4-Discovery from the host (tests, benchmarks, tools)."""

from .board import Board, BoardError, erased_flash_image, FLASH_BYTES, ROOT
from .qmp import QMP, QMPError

__all__ = ["Board", "BoardError", "erased_flash_image", "FLASH_BYTES", "ROOT", "QMP", "QMPError"]
