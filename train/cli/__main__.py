"""``python -m train.cli COMMAND ...``: every anninh command, e.g. under several GPUs
``accelerate launch -m train.cli pretrain --config configs/pretrain.yaml``."""
from train.cli import main

if __name__ == "__main__":
    main()
