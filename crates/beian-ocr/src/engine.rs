//! Text lines off an image: detection (DB), direction (0°/180°) and recognition (CTC), as RapidOCR
//! 1.4.4 runs PP-OCRv4 (its `config.yaml` and `main.py`), with ONNX Runtime loaded at run time.
//! The models are RapidOCR's, folded by `scripts/fold-ocr-models.py` (each scale-and-shift step
//! merged into its convolution, hard-swish as one node: a third fewer passes over the feature maps
//! for the same outputs). Three steps do less work than RapidOCR's (`scripts/bench-ocr.sh` measures
//! both side by side): a certificate-sized scan is detected at its own size, not enlarged
//! ([`DET_UPSCALE_BELOW`]); the direction classifier asks about the widest lines first and the rest
//! only when one of them is upside down ([`Engine::orient`]); and each line is recognised at its own
//! width, at least 96 px, with lines of nearly the same width batched ([`Engine::recognize`]),
//! instead of padded to the widest of a batch of six and to at least 320 px.

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use image::RgbImage;
use image::imageops::{self, FilterType};
use imageproc::point::Point;
use imageproc::region_labelling::{Connectivity, connected_components};
use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

use crate::geometry::{self, Quad};
use crate::{OcrError, TextLine, is_installed};

// RapidOCR 1.4.4 config.yaml
const MAX_SIDE_LEN: u32 = 2000;
const MIN_SIDE_LEN: u32 = 30;
const DET_LIMIT_SIDE_LEN: u32 = 736;
/// RapidOCR enlarges every image whose shorter side is under 736 px to 736 before detecting. A
/// certificate scan (an ID card is normalised to about 1012×638) has text 30–40 px high; enlarging
/// it only made a third more work for the detector. Only smaller images are enlarged (to 736, as
/// RapidOCR does); the survey (tests/scans.rs) read as many fields right with and without.
const DET_UPSCALE_BELOW: u32 = 600;
const DET_THRESH: f32 = 0.3;
const DET_BOX_THRESH: f32 = 0.5;
const DET_MAX_CANDIDATES: usize = 1000;
const DET_UNCLIP_RATIO: f32 = 1.6;
const DET_MIN_SIZE: f32 = 3.0;
const CLS_SHAPE: (u32, u32) = (48, 192);
const CLS_THRESH: f32 = 0.9;
const CLS_BATCH: usize = 6;
/// Height and least width of a line fed to the recogniser. PaddleOCR pads a line it reads on its own
/// to 320 px; most lines of an ID card are a few characters (姓名, 男, 汉, the name) 50–150 px
/// wide, so that padding was most of the card's recognition. 96 px leaves the CTC decoder 12 steps,
/// room for 6 characters with blanks between; the survey read as many fields right as with 320.
const REC_SHAPE: (u32, u32) = (48, 96);
/// Lines of nearly the same width are read together, up to four at a time: ONNX Runtime reads two
/// 320 px lines in one run in 82% of the time of two runs. "Nearly": the widest of a batch at most
/// 8% wider than the narrowest, so padding costs less than batching saves.
const REC_BATCH: usize = 4;
const REC_PAD: f32 = 1.08;
const TEXT_SCORE: f32 = 0.5;

/// Where a reading is: for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Progress {
    /// Finding the lines of text.
    Detecting,
    /// Reading them: `done` of `total` lines.
    Recognizing { done: u32, total: u32 },
}

/// The loaded models. Loading takes a few hundred milliseconds; keep one and reuse it.
pub struct Engine {
    det: Session,
    cls: Session,
    rec: Session,
    /// Index 0 is the CTC blank; the last entry is the space.
    charset: Vec<char>,
    dir: PathBuf,
}

static RUNTIME: OnceLock<Result<Environment, String>> = OnceLock::new();

/// Loads `libonnxruntime.so` once per process (a process can load one ONNX Runtime).
fn load_runtime(lib: &Path) -> Result<Environment, OcrError> {
    let loaded = RUNTIME.get_or_init(|| {
        ort::init_from(lib)
            .map_err(|e| e.to_string())
            .and_then(|b| b.with_name("beian-ocr").build().map_err(|e| e.to_string()))
            .map_err(|e| format!("{}: {e}", lib.display()))
    });
    loaded.clone().map_err(OcrError::Load)
}

fn threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4)
}

/// A session as RapidOCR opens one: all graph optimisations, `threads()` intra-op threads, and no
/// CPU memory arena. The arena keeps the largest buffers of every run (the detector's on a whole
/// A4 page, the recogniser's on a batch of long lines) for the next one: in the benchmark
/// (`scripts/bench-ocr.sh`) the process peaked at 1.35 GiB with it and at about 0.75 GiB without,
/// at the same speed within the noise.
fn session(env: &Environment, path: &Path) -> Result<Session, OcrError> {
    let load = |e: ort::Error| OcrError::Load(format!("{}: {e}", path.display()));
    Session::builder(env)
        .map_err(load)?
        .with_execution_providers([ort::ep::CPU::default().with_arena_allocator(false).build()])
        .map_err(|e| load(e.into()))?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|e| load(e.into()))?
        .with_intra_threads(threads())
        .map_err(|e| load(e.into()))?
        .commit_from_file(path)
        .map_err(load)
}

impl Engine {
    /// Loads the runtime and the models from `dir` (see [`crate::REQUIRED_FILES`]).
    pub fn load(dir: &Path) -> Result<Engine, OcrError> {
        if !is_installed(dir) {
            return Err(OcrError::NotInstalled(dir.display().to_string()));
        }
        let env = load_runtime(&dir.join("libonnxruntime.so"))?;
        let det = session(&env, &dir.join("det.onnx"))?;
        let cls = session(&env, &dir.join("cls.onnx"))?;
        let rec = session(&env, &dir.join("rec.onnx"))?;
        let characters = rec
            .metadata()
            .ok()
            .and_then(|m| m.custom("character"))
            .ok_or_else(|| OcrError::Load("识别模型缺少字符表（character）".into()))?;
        let mut charset = vec!['\0'];
        charset.extend(characters.lines().filter_map(|l| l.chars().next()));
        charset.push(' ');
        Ok(Engine { det, cls, rec, charset, dir: dir.to_path_buf() })
    }

    /// The directory the models came from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reads every line of text on `image`, top to bottom, left to right. Lines the recogniser is
    /// unsure of (mean probability under 0.5) are left out, as RapidOCR does.
    pub fn read(&mut self, image: &RgbImage, progress: &mut dyn FnMut(Progress)) -> Result<Vec<TextLine>, OcrError> {
        progress(Progress::Detecting);
        let (work, ratio_w, ratio_h) = fit_sides(image);
        let boxes = self.detect(&work)?;
        let cropped = in_parallel(&boxes, |q| geometry::crop(&work, q));
        let (boxes, mut crops): (Vec<Quad>, Vec<RgbImage>) =
            boxes.into_iter().zip(cropped).filter_map(|(q, c)| c.map(|c| (q, c))).unzip();
        self.orient(&mut crops)?;
        let total = crops.len() as u32;
        progress(Progress::Recognizing { done: 0, total });
        let texts = self.recognize(&crops, &mut |done| progress(Progress::Recognizing { done, total }))?;
        let mut lines = Vec::new();
        for (quad, chars) in boxes.into_iter().zip(texts) {
            let line = TextLine { chars, quad: quad.map(|p| [p[0] * ratio_w, p[1] * ratio_h]) };
            if !line.chars.is_empty() && line.confidence() >= TEXT_SCORE {
                lines.push(line);
            }
        }
        Ok(lines)
    }

    fn detect(&mut self, image: &RgbImage) -> Result<Vec<Quad>, OcrError> {
        let (w, h) = image.dimensions();
        let (rw, rh) = detection_size(w, h);
        let resized = resize(image, rw, rh);
        let input = to_tensor(&[&resized], rw, rh)?;
        let outputs = self.det.run(ort::inputs![input]).map_err(infer)?;
        let (shape, pred) = outputs[0].try_extract_tensor::<f32>().map_err(infer)?;
        let (mh, mw) = (shape[2] as usize, shape[3] as usize);
        Ok(boxes_from_map(pred, mw, mh, w as f32, h as f32))
    }

    /// Turns strips the classifier is sure are upside down (PP-OCR mobile v2.0 cls). A certificate's
    /// lines share one direction, so the widest lines (the most text, the surest answer) are asked
    /// first, in one batch; only when one of them is upside down are the others asked too. On an
    /// upright A4 licence of 36 lines that is one batch instead of six.
    fn orient(&mut self, crops: &mut [RgbImage]) -> Result<(), OcrError> {
        let mut widest = by_aspect(crops);
        widest.reverse();
        let (first, rest) = widest.split_at(widest.len().min(CLS_BATCH));
        if self.classify(crops, first)? {
            for chunk in rest.chunks(CLS_BATCH) {
                self.classify(crops, chunk)?;
            }
        }
        Ok(())
    }

    /// Classifies `chunk` of `crops` (at most [`CLS_BATCH`]) and turns those upside down; whether
    /// any was.
    fn classify(&mut self, crops: &mut [RgbImage], chunk: &[usize]) -> Result<bool, OcrError> {
        if chunk.is_empty() {
            return Ok(false);
        }
        let (ch, cw) = CLS_SHAPE;
        let batch: Vec<RgbImage> = chunk.iter().map(|&i| fit_height(&crops[i], ch, cw)).collect();
        let input = to_tensor(&batch.iter().collect::<Vec<_>>(), cw, ch)?;
        let outputs = self.cls.run(ort::inputs![input]).map_err(infer)?;
        let (_, probs) = outputs[0].try_extract_tensor::<f32>().map_err(infer)?;
        let mut turned = false;
        for (k, &i) in chunk.iter().enumerate() {
            let (p0, p180) = (probs[2 * k], probs[2 * k + 1]);
            if p180 > p0 && p180 > CLS_THRESH {
                crops[i] = imageops::rotate180(&crops[i]);
                turned = true;
            }
        }
        Ok(turned)
    }

    /// Reads the lines at their own widths (at least [`REC_SHAPE`]'s 96 px), those of nearly the
    /// same width together ([`REC_BATCH`], [`REC_PAD`]). RapidOCR pads batches of six lines to the
    /// widest of them, and every line to at least 320 px; the recogniser's work grows with the
    /// width it is fed, so on the benchmark's scans that padding was a fifth of the whole reading.
    fn recognize(&mut self, crops: &[RgbImage], done: &mut dyn FnMut(u32)) -> Result<Vec<Vec<(char, f32)>>, OcrError> {
        let (rh, rw) = REC_SHAPE;
        let widths: Vec<u32> = crops
            .iter()
            .map(|c| (rh as f32 * (c.width() as f32 / c.height().max(1) as f32).max(rw as f32 / rh as f32)) as u32)
            .collect();
        // Narrow to wide: a line's width is its aspect times the height (at least `rw`).
        let order = by_aspect(crops);
        let mut out = vec![Vec::new(); crops.len()];
        let mut start = 0;
        while start < order.len() {
            let narrowest = widths[order[start]] as f32;
            let mut end = start + 1;
            while end < order.len() && end - start < REC_BATCH && widths[order[end]] as f32 <= narrowest * REC_PAD {
                end += 1;
            }
            let group = &order[start..end];
            let width = widths[order[end - 1]];
            let lines: Vec<RgbImage> = group.iter().map(|&i| fit_height(&crops[i], rh, width)).collect();
            let input = to_tensor(&lines.iter().collect::<Vec<_>>(), width, rh)?;
            let outputs = self.rec.run(ort::inputs![input]).map_err(infer)?;
            let (shape, probs) = outputs[0].try_extract_tensor::<f32>().map_err(infer)?;
            let per_line = shape[1] as usize * shape[2] as usize;
            for (&i, seq) in group.iter().zip(probs.chunks_exact(per_line)) {
                out[i] = ctc_greedy(seq, shape[2] as usize, &self.charset);
            }
            done(end as u32);
            start = end;
        }
        Ok(out)
    }
}

fn infer(e: ort::Error) -> OcrError {
    OcrError::Inference(e.to_string())
}

/// `f` over `items` on [`threads()`] threads, in order: the perspective crops of an A4 page's 36
/// lines took 40 ms on one.
fn in_parallel<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let per = items.len().div_ceil(threads()).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> =
            items.chunks(per).map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<U>>())).collect();
        parts.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// A side scaled to `v` px, as RapidOCR sizes it: `int(round(int(v) / 32) * 32)` — truncated first,
/// then rounded half to even (Python's `round`), so that the detector sees the same image size as
/// the reference (2480 × 0.806 = 2000 → 1984, not 2016). In double precision, as Python computes.
fn round32(v: f64) -> u32 {
    ((v.max(0.0).trunc() / 32.0).round_ties_even() as u32 * 32).max(32)
}

/// The size the detector sees an image of `w`×`h` at: multiples of 32, enlarged to 736 px on the
/// shorter side only when that is under [`DET_UPSCALE_BELOW`].
fn detection_size(w: u32, h: u32) -> (u32, u32) {
    let ratio = if w.min(h) < DET_UPSCALE_BELOW { f64::from(DET_LIMIT_SIDE_LEN) / f64::from(w.min(h)) } else { 1.0 };
    (round32(f64::from(w) * ratio), round32(f64::from(h) * ratio))
}

/// RapidOCR's global preprocessing: the longer side at most 2000 px, the shorter at least 30 px,
/// both multiples of 32. Returns the image and the factors back to the original's pixels.
fn fit_sides(image: &RgbImage) -> (RgbImage, f32, f32) {
    let (w, h) = image.dimensions();
    let ratio = if w.max(h) > MAX_SIDE_LEN {
        f64::from(MAX_SIDE_LEN) / f64::from(w.max(h))
    } else if w.min(h) < MIN_SIDE_LEN {
        f64::from(MIN_SIDE_LEN) / f64::from(w.min(h))
    } else {
        return (image.clone(), 1.0, 1.0);
    };
    let rw = round32(f64::from(w) * ratio);
    let rh = round32(f64::from(h) * ratio);
    (resize(image, rw, rh), w as f32 / rw as f32, h as f32 / rh as f32)
}

/// `image` resized to `w`×`h` with a bilinear (triangle) convolution, as `imageops::resize` with
/// `FilterType::Triangle` does, through fast_image_resize (SIMD): a page's resize takes a few
/// milliseconds instead of some 80.
fn resize(image: &RgbImage, w: u32, h: u32) -> RgbImage {
    use fast_image_resize::images::{Image, ImageRef};
    use fast_image_resize::{FilterType as Filter, PixelType, ResizeAlg, ResizeOptions, Resizer};
    if image.dimensions() == (w, h) {
        return image.clone();
    }
    let fast = || {
        let src = ImageRef::new(image.width(), image.height(), image.as_raw(), PixelType::U8x3).ok()?;
        let mut dst = Image::new(w, h, PixelType::U8x3);
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(Filter::Bilinear));
        Resizer::new().resize(&src, &mut dst, &options).ok()?;
        RgbImage::from_raw(w, h, dst.into_vec())
    };
    fast().unwrap_or_else(|| imageops::resize(image, w, h, FilterType::Triangle))
}

/// Indices of `crops` from the narrowest to the widest (the direction classifier asks the widest
/// first; the recogniser batches neighbours in this order, which pad least).
fn by_aspect(crops: &[RgbImage]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..crops.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = crops[a].width() as f32 / crops[a].height() as f32;
        let rb = crops[b].width() as f32 / crops[b].height() as f32;
        ra.total_cmp(&rb)
    });
    order
}

/// Resizes to `height`, keeping the aspect up to `max_width`, and pads on the right to `max_width`
/// with mid-grey (0 after normalisation, as the reference pads).
fn fit_height(crop: &RgbImage, height: u32, max_width: u32) -> RgbImage {
    let ratio = crop.width() as f32 / crop.height() as f32;
    let w = ((height as f32 * ratio).ceil() as u32).clamp(1, max_width);
    let resized = resize(crop, w, height);
    let mut out = RgbImage::from_pixel(max_width, height, image::Rgb([128, 128, 128]));
    imageops::replace(&mut out, &resized, 0, 0);
    out
}

/// NCHW float tensor, channels in BGR order (the models were trained on OpenCV's BGR),
/// normalised to (v/255 − 0.5)/0.5. Every image must be `width`×`height`.
fn to_tensor(images: &[&RgbImage], width: u32, height: u32) -> Result<Tensor<f32>, OcrError> {
    let (w, h) = (width as usize, height as usize);
    let plane = w * h;
    let value: [f32; 256] = std::array::from_fn(|v| (v as f32 / 255.0 - 0.5) / 0.5);
    let mut data = vec![0f32; images.len() * 3 * plane];
    for (img, out) in images.iter().zip(data.chunks_exact_mut(3 * plane)) {
        let (b, rest) = out.split_at_mut(plane);
        let (g, r) = rest.split_at_mut(plane);
        for ((px, (b, g)), r) in img.as_raw().chunks_exact(3).zip(b.iter_mut().zip(g.iter_mut())).zip(r.iter_mut()) {
            *r = value[usize::from(px[0])];
            *g = value[usize::from(px[1])];
            *b = value[usize::from(px[2])];
        }
    }
    Tensor::from_array(([images.len(), 3, h, w], data)).map_err(infer)
}

/// DB post-processing: threshold, 2×2 dilation, connected regions, their minimum-area rectangles,
/// scored by the mean probability inside, expanded (unclip) and scaled to `dest` pixels.
pub(crate) fn boxes_from_map(pred: &[f32], width: usize, height: usize, dest_w: f32, dest_h: f32) -> Vec<Quad> {
    // cv2.dilate with a 2×2 kernel: a pixel is set when it or its left/upper neighbours are
    let on: Vec<bool> = pred.iter().map(|&p| p > DET_THRESH).collect();
    let mut raw = vec![0u8; width * height];
    for y in 0..height {
        let row = &on[y * width..(y + 1) * width];
        let above = if y > 0 { &on[(y - 1) * width..y * width] } else { row };
        for (x, out) in raw[y * width..(y + 1) * width].iter_mut().enumerate() {
            let left = x.saturating_sub(1);
            if row[x] || row[left] || above[x] || above[left] {
                *out = 255;
            }
        }
    }
    let Some(mask) = image::GrayImage::from_raw(width as u32, height as u32, raw) else { return Vec::new() };
    let labels = connected_components(&mask, Connectivity::Eight, image::Luma([0u8]));
    let mut regions: Vec<Vec<Point<f32>>> = Vec::new();
    for (x, y, l) in labels.enumerate_pixels() {
        let l = l.0[0] as usize;
        if l == 0 {
            continue;
        }
        // boundary pixels are enough for the hull
        let (xu, yu) = (x as usize, y as usize);
        let interior = xu > 0
            && yu > 0
            && xu + 1 < width
            && yu + 1 < height
            && [(xu - 1, yu), (xu + 1, yu), (xu, yu - 1), (xu, yu + 1)]
                .iter()
                .all(|&(a, b)| labels.get_pixel(a as u32, b as u32).0[0] as usize == l);
        if interior {
            continue;
        }
        if regions.len() < l {
            regions.resize_with(l, Vec::new);
        }
        regions[l - 1].push(Point::new(x as f32, y as f32));
    }
    let (sx, sy) = (dest_w / width as f32, dest_h / height as f32);
    let mut out = Vec::new();
    for points in regions.iter().take(DET_MAX_CANDIDATES) {
        let Some((quad, short)) = geometry::min_area_box(points) else { continue };
        if short < DET_MIN_SIZE {
            continue;
        }
        if geometry::mean_inside(pred, width, height, &quad) < DET_BOX_THRESH {
            continue;
        }
        let grown = geometry::unclip(quad, DET_UNCLIP_RATIO);
        let gw = ((grown[1][0] - grown[0][0]).powi(2) + (grown[1][1] - grown[0][1]).powi(2)).sqrt();
        let gh = ((grown[3][0] - grown[0][0]).powi(2) + (grown[3][1] - grown[0][1]).powi(2)).sqrt();
        if gw.min(gh) < DET_MIN_SIZE + 2.0 {
            continue;
        }
        let scaled =
            grown.map(|p| [(p[0] * sx).round().clamp(0.0, dest_w - 1.0), (p[1] * sy).round().clamp(0.0, dest_h - 1.0)]);
        let q = geometry::order_clockwise(scaled);
        if geometry::crop_size_ok(&q) {
            out.push(q);
        }
    }
    sort_reading_order(&mut out);
    out
}

/// Top to bottom; boxes whose top edges are within 10 px count as one row, left to right
/// (RapidOCR's `sorted_boxes`).
fn sort_reading_order(boxes: &mut [Quad]) {
    boxes.sort_by(|a, b| a[0][1].total_cmp(&b[0][1]).then(a[0][0].total_cmp(&b[0][0])));
    for i in 0..boxes.len().saturating_sub(1) {
        let mut j = i as isize;
        while j >= 0 {
            let (ju, jn) = (j as usize, j as usize + 1);
            if (boxes[jn][0][1] - boxes[ju][0][1]).abs() < 10.0 && boxes[jn][0][0] < boxes[ju][0][0] {
                boxes.swap(ju, jn);
                j -= 1;
            } else {
                break;
            }
        }
    }
}

/// Greedy CTC: the most likely class per step, repeats collapsed, blanks dropped; each character
/// keeps its probability.
pub(crate) fn ctc_greedy(seq: &[f32], classes: usize, charset: &[char]) -> Vec<(char, f32)> {
    let mut out = Vec::new();
    let mut prev = usize::MAX;
    for step in seq.chunks_exact(classes) {
        let (idx, p) = step.iter().enumerate().fold((0usize, f32::MIN), |m, (i, &p)| if p > m.1 { (i, p) } else { m });
        if idx != 0
            && idx != prev
            && let Some(&c) = charset.get(idx)
        {
            out.push((c, p));
        }
        prev = idx;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_are_rounded_to_32_as_rapidocr_rounds_them() {
        assert_eq!(round32(2000.0), 1984); // 62.5 → 62
        assert_eq!(round32(2016.0), 2016); // 63
        assert_eq!(round32(1754.0 * 2000.0 / 2480.0), 1408);
        assert_eq!(round32(1455.9), 1440); // int() first: 1455 / 32 = 45.47
        assert_eq!(round32(1424.0), 1408); // 44.5 → 44
        assert_eq!(round32(1456.0), 1472); // 45.5 → 46
        assert_eq!(round32(10.0), 32);
    }

    #[test]
    fn certificates_are_detected_at_their_own_size_and_small_images_enlarged() {
        assert_eq!(detection_size(1012, 638), (1024, 640), "an ID card scan, as normalised");
        assert_eq!(detection_size(1408, 1984), (1408, 1984), "an A4 page after fit_sides");
        assert_eq!(detection_size(800, 500), (1184, 736), "a small photo: enlarged as RapidOCR does");
    }

    #[test]
    fn ctc_collapses_repeats_and_drops_blanks() {
        let charset = ['\0', 'a', 'b', ' '];
        let step = |i: usize| {
            let mut v = [0.0f32; 4];
            v[i] = 0.9;
            v
        };
        let seq: Vec<f32> = [1, 1, 0, 1, 2, 2, 0, 0, 3].iter().flat_map(|&i| step(i)).collect();
        let text: String = ctc_greedy(&seq, 4, &charset).iter().map(|c| c.0).collect();
        assert_eq!(text, "aab ");
    }

    #[test]
    fn db_postprocess_finds_two_lines_in_reading_order() {
        let (w, h) = (200usize, 100usize);
        let mut pred = vec![0.0f32; w * h];
        for (y0, x0, x1) in [(60, 20, 150), (20, 30, 180)] {
            for y in y0..y0 + 10 {
                for x in x0..x1 {
                    pred[y * w + x] = 0.9;
                }
            }
        }
        let boxes = boxes_from_map(&pred, w, h, 400.0, 200.0);
        assert_eq!(boxes.len(), 2);
        assert!(boxes[0][0][1] < boxes[1][0][1], "top line first");
        // scaled ×2 and grown: the upper line spans x 30..180 → about 60..360 plus the unclip margin
        assert!(boxes[0][0][0] < 60.0 && boxes[0][1][0] > 358.0, "{:?}", boxes[0]);
    }

    #[test]
    fn db_postprocess_drops_weak_and_tiny_regions() {
        let (w, h) = (100usize, 100usize);
        let mut pred = vec![0.0f32; w * h];
        pred[50 * w + 50] = 0.9; // one pixel
        for y in 10..20 {
            for x in 10..60 {
                pred[y * w + x] = 0.35; // over the threshold, under the box threshold
            }
        }
        assert!(boxes_from_map(&pred, w, h, 100.0, 100.0).is_empty());
    }
}
