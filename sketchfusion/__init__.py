"""SketchFusion (CVPR 2025) as literate notebooks: one feature for sketches and photos from frozen SD and CLIP."""
__version__ = "0.1.0"
