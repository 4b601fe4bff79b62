"""liushou: record-keeping for a school's care programme for left-behind children (关爱留守儿童)."""

__version__ = "0.1.0"
