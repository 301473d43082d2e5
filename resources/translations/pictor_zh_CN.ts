<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Pictor</source>
        <translation>关于 Pictor</translation>
    </message>
    <message>
        <source>Build photo datasets, train image classifiers, search photos by meaning and train language models on your own text, offline.</source>
        <translation>整理照片数据集、训练图像分类器、按内容搜索照片，并用你自己的文字训练语言模型——全部离线完成。</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>ClassActions</name>
    <message>
        <source>New class</source>
        <translation>新建类别</translation>
    </message>
    <message>
        <source>Name of the new class:</source>
        <translation>新类别的名称：</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>重命名类别</translation>
    </message>
    <message>
        <source>New name for “{name}”:</source>
        <translation>“{name}”的新名称：</translation>
    </message>
    <message>
        <source>Colour of “{name}”</source>
        <translation>“{name}”的颜色</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>无快捷键</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Key that labels a photo as “{name}”:</source>
        <translation>将照片标注为“{name}”的按键：</translation>
    </message>
    <message>
        <source>Merge classes</source>
        <translation>合并类别</translation>
    </message>
    <message>
        <source>Move every photo of “{name}” into:</source>
        <translation>将“{name}”的所有照片移到：</translation>
    </message>
    <message>
        <source>Delete the class “{name}”? No photo is labelled with it. You can undo this.</source>
        <translation>删除类别“{name}”？没有照片标注为此类别。此操作可以撤销。</translation>
    </message>
    <message>
        <source>Delete the class “{name}”? Its one photo becomes unlabeled. You can undo this.</source>
        <translation>删除类别“{name}”？其中的 1 张照片将变为未标注。此操作可以撤销。</translation>
    </message>
    <message>
        <source>Delete the class “{name}”? Its {count} photos become unlabeled. You can undo this.</source>
        <translation>删除类别“{name}”？其中的 {count} 张照片将变为未标注。此操作可以撤销。</translation>
    </message>
    <message>
        <source>Delete class</source>
        <translation>删除类别</translation>
    </message>
</context>
<context>
    <name>ClassBarWidget</name>
    <message>
        <source>Skip  (S)</source>
        <translation>跳过  (S)</translation>
    </message>
    <message>
        <source>Not sure: keep these photos out of training</source>
        <translation>不确定：这些照片不参与训练</translation>
    </message>
    <message>
        <source>Remove label  (0)</source>
        <translation>移除标注  (0)</translation>
    </message>
    <message>
        <source>New class…</source>
        <translation>新建类别…</translation>
    </message>
    <message>
        <source>Classes…</source>
        <translation>类别…</translation>
    </message>
    <message>
        <source>Label the selected photos as “{name}”</source>
        <translation>将所选照片标注为“{name}”</translation>
    </message>
</context>
<context>
    <name>ClassesDialog</name>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <source>Hotkey…</source>
        <translation>快捷键…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Press a class&apos;s key (1–9) in the grid or the viewer to label the selected photos. Every change here can be undone.</source>
        <translation>在网格或查看器中按类别的按键（1–9）即可标注所选照片。这里的每项更改都可以撤销。</translation>
    </message>
</context>
<context>
    <name>ClassesModel</name>
    <message>
        <source>Photos for training · for validation (labelled, usable photos)</source>
        <translation>用于训练的照片 · 用于验证的照片（已标注且可用的照片）</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片数</translation>
    </message>
    <message>
        <source>Train · val</source>
        <translation>训练 · 验证</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixModel</name>
    <message>
        <source>Labelled “{label}”, the model said “{guess}”: {n}</source>
        <translation>标注为“{label}”，模型判为“{guess}”：{n} 张</translation>
    </message>
</context>
<context>
    <name>DataCheckWidget</name>
    <message>
        <source>Checking the labelled photos…</source>
        <translation>正在检查已标注的照片…</translation>
    </message>
    <message>
        <source>Check data</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Show {n} photos</source>
        <translation type="vanished">查看这 {n} 张照片</translation>
    </message>
    <message>
        <source>Open a project to check its photos.</source>
        <translation>打开一个项目以检查其中的照片。</translation>
    </message>
    <message>
        <source>{train} photos to learn from and {val} to check the model with, in {classes} classes.</source>
        <translation>共 {classes} 个类别：{train} 张照片用于学习，{val} 张用于检验模型。</translation>
    </message>
    <message>
        <source>Fix the errors below to train.</source>
        <translation>请先解决下面的错误，才能开始训练。</translation>
    </message>
    <message>
        <source>Training can start; a few things to know:</source>
        <translation>可以开始训练；以下几点请留意：</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
</context>
<context>
    <name>DuplicatesWidget</name>
    <message>
        <source>Find look-alikes</source>
        <translation>查找相似照片</translation>
    </message>
    <message>
        <source>Compare every indexed photo with every other one</source>
        <translation>将每张已索引的照片与其他所有照片比较</translation>
    </message>
    <message>
        <source>Similarity at least {value}</source>
        <translation>相似度至少 {value}</translation>
    </message>
    <message>
        <source>Move to trash…</source>
        <translation>移到回收站…</translation>
    </message>
    <message>
        <source>Group {n} · similarity {score} or more</source>
        <translation>第 {n} 组 · 相似度 {score} 或更高</translation>
    </message>
    <message>
        <source>Find copies, edits and bursts among the indexed photos. The largest file of each group is kept unless you choose otherwise.</source>
        <translation>在已索引的照片中查找副本、编辑过的版本和连拍。除非你另行选择，每组中最大的文件会被保留。</translation>
    </message>
    <message>
        <source>No look-alike photos at this similarity.</source>
        <translation>在此相似度下没有相似的照片。</translation>
    </message>
    <message>
        <source>{groups} groups · {chosen} photos chosen to remove</source>
        <translation>{groups} 组 · 已选 {chosen} 张照片待移除</translation>
    </message>
    <message>
        <source>showing the first {n}</source>
        <translation>仅显示前 {n} 组</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Pictor</source>
        <translation>Pictor</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export the dataset</source>
        <translation>导出数据集</translation>
    </message>
    <message>
        <source>Class folders, split into train/ and val/</source>
        <translation>按类别分文件夹，分为 train/ 和 val/</translation>
    </message>
    <message>
        <source>A CSV file (path, label, split)</source>
        <translation>CSV 文件（路径、标注、数据集）</translation>
    </message>
    <message>
        <source>Only labelled photos that are not skipped, missing or damaged are exported. Your photos are copied; the originals stay.</source>
        <translation>只导出已标注且未跳过、未缺失、未损坏的照片。照片会被复制，原文件保持不变。</translation>
    </message>
    <message>
        <source>Destination folder (empty or new):</source>
        <translation>目标文件夹（空的或新的）：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the export folder</source>
        <translation>选择导出文件夹</translation>
    </message>
</context>
<context>
    <name>FileCard</name>
    <message>
        <source>in the library</source>
        <translation>在照片库中</translation>
    </message>
    <message>
        <source>not in the library</source>
        <translation>不在照片库中</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Double-click to open the photo</source>
        <translation>双击打开照片</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show in the file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
</context>
<context>
    <name>FilterList</name>
    <message>
        <source>All photos</source>
        <translation>全部照片</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Training: {train} · Validation: {val}</source>
        <translation>训练集：{train} · 验证集：{val}</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Copy list</source>
        <translation>复制列表</translation>
    </message>
    <message>
        <source>Added: {added} photos · Already in the library: {duplicates} · Could not be used: {problems}</source>
        <translation>已添加：{added} 张照片 · 已在照片库中：{duplicates} · 无法使用：{problems}</translation>
    </message>
    <message>
        <source>Added {added} photos. {duplicates} were already in the library and {problems} could not be used.</source>
        <translation type="vanished">已添加 {added} 张照片。{duplicates} 张已在照片库中，{problems} 个文件无法使用。</translation>
    </message>
    <message>
        <source>Could not be used ({n})</source>
        <translation>无法使用（{n}）</translation>
    </message>
    <message>
        <source>Already in the library ({n})</source>
        <translation>已在照片库中（{n}）</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Waiting for the jobs before it to finish…</source>
        <translation>正在等待前面的任务完成…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>{message} at {speed}</source>
        <translation>{message}，速度 {speed}</translation>
    </message>
</context>
<context>
    <name>JobsDock</name>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{n} s left</source>
        <translation>还剩 {n} 秒</translation>
    </message>
    <message>
        <source>{n} min left</source>
        <translation>还剩 {n} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>还剩 {h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>Running: {running}   Waiting: {waiting}</source>
        <translation>运行中：{running}   等待中：{waiting}</translation>
    </message>
    <message>
        <source>No jobs are running.</source>
        <translation>没有正在运行的任务。</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已结束的任务</translation>
    </message>
</context>
<context>
    <name>LabelAssistBar</name>
    <message>
        <source>Suggest labels…</source>
        <translation>建议标注…</translation>
    </message>
    <message>
        <source>Propose a class for each unlabelled photo from the class names, using the search model</source>
        <translation type="vanished">用搜索模型根据类别名称为每张未标注的照片建议一个类别</translation>
    </message>
    <message>
        <source>Label similar…</source>
        <translation>标注相似照片…</translation>
    </message>
    <message>
        <source>Label all unlabelled photos that look like the selected one</source>
        <translation type="vanished">标注所有与所选照片相似的未标注照片</translation>
    </message>
    <message>
        <source>Add classes first: suggestions come from their names.</source>
        <translation>请先添加类别：建议来自类别名称。</translation>
    </message>
    <message>
        <source>No unlabelled photos to suggest for.</source>
        <translation type="vanished">没有需要建议标注的未标注照片。</translation>
    </message>
    <message>
        <source>Select one photo to find the ones that look like it.</source>
        <translation>请选择一张照片，以查找与它相似的照片。</translation>
    </message>
    <message>
        <source>No unlabelled photos look like this one.</source>
        <translation type="vanished">没有与这张照片相似的未标注照片。</translation>
    </message>
    <message>
        <source>Propose a class for each unlabeled photo from the class names, using the search model</source>
        <translation type="vanished">用搜索模型根据类别名称为每张未标注的照片建议一个类别</translation>
    </message>
    <message>
        <source>Propose a class for each unlabeled photo: with the trained classifier if it knows the current classes, otherwise from the class names using the search model</source>
        <translation>为每张未标注的照片建议一个类别：如果已训练的分类器认识当前的类别就用它，否则用搜索模型根据类别名称来建议</translation>
    </message>
    <message>
        <source>Label all unlabeled photos that look like the selected one</source>
        <translation>标注所有与所选照片相似的未标注照片</translation>
    </message>
    <message>
        <source>Asking the trained classifier about the unlabeled photos…</source>
        <translation>正在让已训练的分类器判断未标注的照片…</translation>
    </message>
    <message>
        <source>No unlabeled photos to suggest for.</source>
        <translation>没有需要建议标注的未标注照片。</translation>
    </message>
    <message>
        <source>No unlabeled photos look like this one.</source>
        <translation>没有与这张照片相似的未标注照片。</translation>
    </message>
    <message>
        <source>Index photos</source>
        <translation>索引照片</translation>
    </message>
    <message>
        <source>Index now</source>
        <translation>立即索引</translation>
    </message>
</context>
<context>
    <name>LabelPane</name>
    <message>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Next unlabeled  (N)</source>
        <translation>下一张未标注  (N)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>No photos to label yet. Add photos in the Library, or drop them on this window.</source>
        <translation>还没有可标注的照片。请在“照片库”中添加照片，或把照片拖到这个窗口上。</translation>
    </message>
    <message>
        <source>{done} of {total} sorted</source>
        <translation>已整理 {done} / {total}</translation>
    </message>
</context>
<context>
    <name>LibraryJobs</name>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>照片（{patterns}）</translation>
    </message>
    <message>
        <source>Import a folder whose subfolders are the classes</source>
        <translation>导入一个以子文件夹作为类别的文件夹</translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation>添加照片文件夹</translation>
    </message>
    <message>
        <source>Added {added} photos; {duplicates} already there; {problems} could not be used.</source>
        <translation>已添加 {added} 张照片；{duplicates} 张已存在；{problems} 个文件无法使用。</translation>
    </message>
    <message>
        <source>Checked the files: {missing} missing, {damaged} damaged, {back} found again, {changed} changed.</source>
        <translation>文件检查完毕：缺失 {missing} 张，损坏 {damaged} 张，重新找到 {back} 张，已更改 {changed} 张。</translation>
    </message>
    <message>
        <source>Photos not found where they were: {n}. They are in the Missing view; right-click one and choose Locate folder…</source>
        <translation>未在原处找到的照片：{n} 张。它们显示在“缺失”视图中；右键单击其中一张并选择“定位文件夹…”。</translation>
    </message>
    <message>
        <source>Where is the folder of “{name}” now?</source>
        <translation>“{name}”所在的文件夹现在在哪里？</translation>
    </message>
    <message>
        <source>Locate folder</source>
        <translation>定位文件夹</translation>
    </message>
    <message>
        <source>“{name}” is not in “{folder}”. Choose the folder that holds it.</source>
        <translation>“{folder}”中没有“{name}”。请选择包含它的文件夹。</translation>
    </message>
    <message>
        <source>Relinked {relinked} photos.</source>
        <translation>已重新关联 {relinked} 张照片。</translation>
    </message>
    <message>
        <source>{left} could not be found there.</source>
        <translation>{left} 张在那里找不到。</translation>
    </message>
    <message>
        <source>Exported {count} photos to “{path}”.</source>
        <translation>已将 {count} 张照片导出到“{path}”。</translation>
    </message>
    <message>
        <source>{n} could not be copied (see the log).</source>
        <translation>{n} 张无法复制（详见日志）。</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <source>Library</source>
        <translation>照片库</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Import folder as classes…</source>
        <translation>按文件夹导入类别…</translation>
    </message>
    <message>
        <source>Check files</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Classes…</source>
        <translation>类别…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Each subfolder becomes a class and labels its photos</source>
        <translation>每个子文件夹成为一个类别，并标注其中的照片</translation>
    </message>
    <message>
        <source>Find photos whose file was moved, deleted or damaged</source>
        <translation>查找文件被移动、删除或损坏的照片</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>No photos yet. Drop photos or folders anywhere on this window, or use Add photos… and Add folder…. To import photos already sorted into one folder per class, use Import folder as classes….</source>
        <translation>还没有照片。把照片或文件夹拖到这个窗口的任意位置，或使用“添加照片…”和“添加文件夹…”。如果照片已经按类别分好文件夹，请使用“按文件夹导入类别…”。</translation>
    </message>
    <message>
        <source>{n} photos in this view</source>
        <translation>此视图中有 {n} 张照片</translation>
    </message>
    <message>
        <source>{n} selected</source>
        <translation>已选择 {n} 张</translation>
    </message>
</context>
<context>
    <name>LiveTrainingWidget</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Loss (lower is better)</source>
        <translation>损失（越低越好）</translation>
    </message>
    <message>
        <source>The loss appears here during training.</source>
        <translation>训练时损失曲线显示在这里。</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>The accuracy appears here after each epoch.</source>
        <translation>每轮结束后准确率显示在这里。</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>最佳轮次</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>{n} / {total}</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <source>Pictor log</source>
        <translation>Pictor 日志</translation>
    </message>
    <message>
        <source>Full log file: {path}</source>
        <translation>完整日志文件：{path}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>“{path}” was not found and was removed from the recent projects.</source>
        <translation>找不到“{path}”，已将它从最近的项目中移除。</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>已打开 {name}。</translation>
    </message>
    <message>
        <source>Project: {name}</source>
        <translation>项目：{name}</translation>
    </message>
    <message>
        <source>Open or create a project first, then drop your photos onto it.</source>
        <translation>请先打开或新建一个项目，再把照片拖进来。</translation>
    </message>
    <message>
        <source>Nothing in this project can use the dropped files.</source>
        <translation>这个项目中没有能处理这些文件的地方。</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About Pictor</source>
        <translation>关于 Pictor(&amp;A)</translation>
    </message>
    <message>
        <source>Open log &amp;folder</source>
        <translation>打开日志文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Undo {action}</source>
        <translation>撤销“{action}”(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {action}</source>
        <translation>重做“{action}”(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
</context>
<context>
    <name>MissingModelBox</name>
    <message>
        <source>Model needed</source>
        <translation>需要模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>What it is for</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>{status} (shipped with Pictor)</source>
        <translation>{status}（随 Pictor 提供）</translation>
    </message>
    <message>
        <source>{done} of {total} downloaded, can resume</source>
        <translation>已下载 {done} / {total}，可继续下载</translation>
    </message>
    <message>
        <source>not installed: still needs {files}</source>
        <translation>未安装：还需要 {files}</translation>
    </message>
    <message>
        <source>a weight file</source>
        <translation>一个权重文件</translation>
    </message>
    <message>
        <source>Needs the Python package(s): {names}.</source>
        <translation>需要 Python 包：{names}。</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>Remove “{title}” from this computer? You can download or import it again later.</source>
        <translation>从这台电脑上移除“{title}”？之后可以再次下载或导入。</translation>
    </message>
</context>
<context>
    <name>OverviewPane</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Format version:</source>
        <translation>格式版本：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Classifier:</source>
        <translation>分类器：</translation>
    </message>
    <message>
        <source>Searchable photos:</source>
        <translation>可搜索的照片：</translation>
    </message>
    <message>
        <source>Language models:</source>
        <translation>语言模型：</translation>
    </message>
    <message>
        <source>none yet: index them in Search</source>
        <translation>还没有：请在“搜索”中建立索引</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>还没有</translation>
    </message>
    <message>
        <source>labelled {n}</source>
        <translation>已标注 {n}</translation>
    </message>
    <message>
        <source>unlabeled {n}</source>
        <translation>未标注 {n}</translation>
    </message>
    <message>
        <source>missing {n}</source>
        <translation>缺失 {n}</translation>
    </message>
    <message>
        <source>damaged {n}</source>
        <translation>已损坏 {n}</translation>
    </message>
    <message>
        <source>not trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <source>run {run} in use</source>
        <translation>正在使用第 {run} 次训练</translation>
    </message>
    <message>
        <source>run {run} in use, validation accuracy {accuracy:.1f} %</source>
        <translation>正在使用第 {run} 次训练，验证准确率 {accuracy:.1f} %</translation>
    </message>
    <message>
        <source>Next, add photos: drop photos or folders anywhere on this window. Then sort them into classes, train a classifier on them, or search them by describing what is in a picture.</source>
        <translation type="vanished">下一步：添加照片——把照片或文件夹拖到窗口的任意位置。之后就可以把它们分类、用它们训练分类器，或者描述画面内容来搜索照片。</translation>
    </message>
</context>
<context>
    <name>PhotoBrowserWidget</name>
    <message>
        <source>No unlabeled photos left in this view.</source>
        <translation>此视图中没有未标注的照片了。</translation>
    </message>
    <message>
        <source>No class has the key {n}. Give one that key in Classes…</source>
        <translation>没有类别使用按键 {n}。请在“类别…”中为某个类别设置该按键。</translation>
    </message>
</context>
<context>
    <name>PhotoMenu</name>
    <message>
        <source>Open in the viewer</source>
        <translation>在查看器中打开</translation>
    </message>
    <message>
        <source>Open with the system viewer</source>
        <translation>用系统查看器打开</translation>
    </message>
    <message>
        <source>Show in the file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy paths</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Find similar photos</source>
        <translation>查找相似照片</translation>
    </message>
    <message>
        <source>Label as</source>
        <translation>标注为</translation>
    </message>
    <message>
        <source>Skip (not sure)</source>
        <translation>跳过（不确定）</translation>
    </message>
    <message>
        <source>Remove the label</source>
        <translation>移除标注</translation>
    </message>
    <message>
        <source>Put in set</source>
        <translation>放入数据集</translation>
    </message>
    <message>
        <source>Training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Let Pictor choose</source>
        <translation>由 Pictor 选择</translation>
    </message>
    <message>
        <source>Locate folder…</source>
        <translation>定位文件夹…</translation>
    </message>
    <message>
        <source>Remove from the library</source>
        <translation>从照片库中移除</translation>
    </message>
    <message>
        <source>Remove {n} photos from the library</source>
        <translation>从照片库中移除 {n} 张照片</translation>
    </message>
</context>
<context>
    <name>PhotoSetDialog</name>
    <message>
        <source>{n} photos. Press a class&apos;s number key or right-click to relabel the selected photos; Ctrl+Z undoes.</source>
        <translation>共 {n} 张照片。按类别的数字键或单击右键，可给选中的照片重新标注；Ctrl+Z 撤销。</translation>
    </message>
</context>
<context>
    <name>PhotoViewerWidget</name>
    <message>
        <source>1–9 label · 0 or Backspace remove the label · S skip · ← → previous and next · + − zoom, F fit · Esc back to the grid</source>
        <translation>1–9 标注 · 0 或退格键 移除标注 · S 跳过 · ← → 上一张/下一张 · + − 缩放，F 适应窗口 · Esc 返回网格</translation>
    </message>
    <message>
        <source>“{name}” cannot be shown: {reason}</source>
        <translation>无法显示“{name}”：{reason}</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>第 {n} / {total} 张</translation>
    </message>
    <message>
        <source>Missing: the file is not there.</source>
        <translation>缺失：文件不在原处。</translation>
    </message>
    <message>
        <source>Damaged: this photo cannot be shown.</source>
        <translation>已损坏：无法显示这张照片。</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>未标注</translation>
    </message>
</context>
<context>
    <name>PhotosModel</name>
    <message>
        <source>Missing: the file is not there.</source>
        <translation>缺失：文件不在原处。</translation>
    </message>
    <message>
        <source>Damaged: {reason}</source>
        <translation>已损坏：{reason}</translation>
    </message>
    <message>
        <source>Training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>{split} (pinned)</source>
        <translation>{split}（已固定）</translation>
    </message>
</context>
<context>
    <name>PredictDialog</name>
    <message>
        <source>Predict photos</source>
        <translation>预测照片</translation>
    </message>
    <message>
        <source>Sort the photos in {names} with the model in use.</source>
        <translation>用当前模型为 {names} 中的照片分类。</translation>
    </message>
    <message>
        <source>Also copy each photo into a folder per class in:</source>
        <translation>同时把每张照片复制到按类别命名的文件夹中，位置：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Copy the sorted photos into</source>
        <translation>把分好类的照片复制到</translation>
    </message>
    <message>
        <source>Choose the folder the copies go into.</source>
        <translation>请选择复制到的文件夹。</translation>
    </message>
    <message>
        <source>Predicting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <source>Photos sorted: {n}.</source>
        <translation>已分类的照片：{n} 张。</translation>
    </message>
    <message>
        <source>Could not be read: {n} (listed last).</source>
        <translation>无法读取：{n} 个（列在最后）。</translation>
    </message>
    <message>
        <source>Copied into {folder}: {n}.</source>
        <translation>已复制到 {folder}：{n} 张。</translation>
    </message>
    <message>
        <source>{n} photos sorted.</source>
        <translation type="vanished">已为 {n} 张照片分类。</translation>
    </message>
    <message>
        <source>{n} files could not be read (listed last).</source>
        <translation type="vanished">{n} 个文件无法读取（列在最后）。</translation>
    </message>
    <message>
        <source>{n} copied into {folder}.</source>
        <translation type="vanished">已复制 {n} 张到 {folder}。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>None of these</source>
        <translation>都不是</translation>
    </message>
    <message>
        <source>Not read</source>
        <translation>未能读取</translation>
    </message>
    <message>
        <source>Save the predictions</source>
        <translation>保存预测结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save “{path}”: {reason}</source>
        <translation>无法保存“{path}”：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Compute on:</source>
        <translation>计算设备：</translation>
    </message>
    <message>
        <source>CPU threads for jobs:</source>
        <translation>任务使用的 CPU 线程数：</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <source>Looking for a GPU…</source>
        <translation>正在检测 GPU…</translation>
    </message>
    <message>
        <source>No GPU found: jobs run on the CPU.</source>
        <translation>未找到 GPU：任务将在 CPU 上运行。</translation>
    </message>
    <message>
        <source>GPU found: {name}</source>
        <translation>已找到 GPU：{name}</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
</context>
<context>
    <name>ProblemListWidget</name>
    <message>
        <source>Show {n} photos</source>
        <translation>查看这 {n} 张照片</translation>
    </message>
</context>
<context>
    <name>ProjectActions</name>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Name of the new project:</source>
        <translation>新项目的名称：</translation>
    </message>
    <message>
        <source>A project name cannot contain any of these characters: / \ : * ? &quot; &lt; &gt; |</source>
        <translation>项目名称不能包含以下字符：/ \ : * ? &quot; &lt; &gt; |</translation>
    </message>
    <message>
        <source>Choose where to keep the project folder</source>
        <translation>选择项目文件夹的存放位置</translation>
    </message>
    <message>
        <source>Open a project folder (NAME.pictor)</source>
        <translation>打开项目文件夹（名称.pictor）</translation>
    </message>
</context>
<context>
    <name>SearchFindWidget</name>
    <message>
        <source>Describe the photo, e.g. “a red bicycle in the snow”</source>
        <translation>描述照片内容，例如“雪地里的一辆红色自行车”</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Leave out:</source>
        <translation>排除：</translation>
    </message>
    <message>
        <source>words to leave out</source>
        <translation>要排除的词语</translation>
    </message>
    <message>
        <source>Search by photo…</source>
        <translation>以图搜图…</translation>
    </message>
    <message>
        <source>Stop searching by this photo</source>
        <translation>不再按这张照片搜索</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Taken from</source>
        <translation>拍摄时间从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标注：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>All places</source>
        <translation>所有位置</translation>
    </message>
    <message>
        <source>Any label</source>
        <translation>任意标注</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Search by photo</source>
        <translation>以图搜图</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>照片 ({patterns})</translation>
    </message>
    <message>
        <source>No good match: nothing here fits the description much better than chance. Try other words, or fewer filters.</source>
        <translation>没有很好的匹配：这里没有照片比随机结果明显更符合描述。请换一些词语，或减少筛选条件。</translation>
    </message>
    <message>
        <source>Closest photos anyway</source>
        <translation>仍然列出最接近的照片</translation>
    </message>
    <message>
        <source>{n} photos, most similar first</source>
        <translation>{n} 张照片，最相似的在前</translation>
    </message>
    <message>
        <source>{n} left out: their files are gone</source>
        <translation>{n} 张未列出：文件已不存在</translation>
    </message>
    <message>
        <source>Describe what is in a photo and press Enter, or drop a photo here to find ones like it. Words and a photo together find photos like it that also match the words.</source>
        <translation>描述照片中的内容并按回车，或将一张照片拖到这里查找相似的照片。同时使用文字和照片，会找到与该照片相似且符合文字描述的照片。</translation>
    </message>
    <message>
        <source>No indexed photo passes these filters.</source>
        <translation>没有已索引的照片符合这些筛选条件。</translation>
    </message>
    <message>
        <source>No photos found.</source>
        <translation>没有找到照片。</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Find photos</source>
        <translation>查找照片</translation>
    </message>
    <message>
        <source>Look-alikes</source>
        <translation>相似照片</translation>
    </message>
    <message>
        <source>Updating the index first…</source>
        <translation>正在先更新索引…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Index now</source>
        <translation>立即索引</translation>
    </message>
    <message>
        <source>Switch and index again</source>
        <translation>切换并重新索引</translation>
    </message>
    <message>
        <source>Open the Models window</source>
        <translation>打开“模型”窗口</translation>
    </message>
    <message>
        <source>Indexed {found} photos: {encoded} read by the model, {reused} already known, {removed} gone.</source>
        <translation>已索引 {found} 张照片：模型读取了 {encoded} 张，{reused} 张已知，{removed} 张已不存在。</translation>
    </message>
    <message>
        <source>{n} could not be read (see the log).</source>
        <translation type="vanished">{n} 张无法读取（详见日志）。</translation>
    </message>
    <message>
        <source>{n} files cannot be searched: Show… in the Search pane lists them.</source>
        <translation type="vanished">有 {n} 个文件无法搜索：在“搜索”页中点“查看…”可列出它们。</translation>
    </message>
    <message>
        <source>Files that cannot be searched: {n}. Show… in the Search pane lists them.</source>
        <translation>无法搜索的文件：{n} 个。在“搜索”页中点“查看…”可列出它们。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show in the file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy paths</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Add to the library</source>
        <translation>添加到照片库</translation>
    </message>
    <message>
        <source>Label as</source>
        <translation>标注为</translation>
    </message>
    <message>
        <source>Find similar photos</source>
        <translation>查找相似照片</translation>
    </message>
    <message>
        <source>Added {n} photos to the library.</source>
        <translation>已将 {n} 张照片添加到照片库。</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Move {n} photos to the trash? You can restore them from the trash; photos of the library leave the library.</source>
        <translation>将 {n} 张照片移到回收站？你可以从回收站恢复它们；照片库中的照片会从照片库移除。</translation>
    </message>
    <message>
        <source>Moved {n} photos to the trash.</source>
        <translation>已将 {n} 张照片移到回收站。</translation>
    </message>
    <message>
        <source>{n} photos could not be moved to the trash.</source>
        <translation>{n} 张照片无法移到回收站。</translation>
    </message>
</context>
<context>
    <name>SearchPlacesWidget</name>
    <message>
        <source>Where to search</source>
        <translation>搜索范围</translation>
    </message>
    <message>
        <source>The library&apos;s photos are always searched. Add folders to search photos that are not in the library too.</source>
        <translation>照片库中的照片总会被搜索。添加文件夹，可以同时搜索不在照片库中的照片。</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Search model:</source>
        <translation>搜索模型：</translation>
    </message>
    <message>
        <source>Photos were added to or removed from the library since the last indexing. Update the index now, or it is updated when you next search.</source>
        <translation>自上次索引以来，照片库中有照片被添加或移除。现在更新索引，或者在你下次搜索时自动更新。</translation>
    </message>
    <message>
        <source>Update the index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <source>Index now</source>
        <translation>立即索引</translation>
    </message>
    <message>
        <source>Show…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <source>The saved index could not be used and was rebuilt.</source>
        <translation>保存的索引无法使用，已重新建立。</translation>
    </message>
    <message>
        <source>Files that cannot be searched: {n}</source>
        <translation>无法搜索的文件：{n} 个</translation>
    </message>
    <message>
        <source>{n} files cannot be searched.</source>
        <translation type="vanished">有 {n} 个文件无法搜索。</translation>
    </message>
    <message>
        <source>No photos are indexed yet.</source>
        <translation>还没有索引任何照片。</translation>
    </message>
    <message>
        <source>{n} photos indexed</source>
        <translation>已索引 {n} 张照片</translation>
    </message>
    <message>
        <source>last indexed {when}</source>
        <translation>上次索引于 {when}</translation>
    </message>
    <message>
        <source>Search the photos of a folder</source>
        <translation>搜索某个文件夹中的照片</translation>
    </message>
</context>
<context>
    <name>SearchProblemsDialog</name>
    <message>
        <source>Files that cannot be searched</source>
        <translation>无法搜索的文件</translation>
    </message>
    <message>
        <source>{n} files cannot be searched. Pictor reads each one again when it changes, and at every indexing when it could not be read.</source>
        <translation type="vanished">有 {n} 个文件无法搜索。文件有改动时 Pictor 会重新读取；无法读取的文件会在每次建立索引时重新尝试。</translation>
    </message>
    <message>
        <source>Files that cannot be searched: {n}. Pictor reads each one again when it changes, and at every indexing when it could not be read.</source>
        <translation>无法搜索的文件：{n} 个。文件有改动时 Pictor 会重新读取；无法读取的文件会在每次建立索引时重新尝试。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Copy list</source>
        <translation>复制列表</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source>Similarity {score}</source>
        <translation>相似度 {score}</translation>
    </message>
    <message>
        <source>Not in the library</source>
        <translation>不在照片库中</translation>
    </message>
    <message>
        <source>Changed since it was indexed: the score may be out of date.</source>
        <translation>索引后已被修改：分数可能已过时。</translation>
    </message>
</context>
<context>
    <name>SimilarLabelDialog</name>
    <message>
        <source>Photos like “{name}”</source>
        <translation>与“{name}”相似的照片</translation>
    </message>
    <message>
        <source>Unlabelled photos that look like “{name}”, the most similar first. Raise the similarity to keep only close ones, Ctrl+click a photo to leave it out, then label the selected ones in one step.</source>
        <translation type="vanished">与“{name}”相似的未标注照片，最相似的在前。提高相似度只保留很接近的照片，按住 Ctrl 单击可排除某张照片，然后一步标注所有选中的照片。</translation>
    </message>
    <message>
        <source>Unlabeled photos that look like “{name}”, the most similar first. Raise the similarity to keep only close ones, Ctrl+click a photo to leave it out, then label the selected ones in one step.</source>
        <translation>与“{name}”相似的未标注照片，最相似的在前。提高相似度只保留很接近的照片，按住 Ctrl 单击可排除某张照片，然后一步标注所有选中的照片。</translation>
    </message>
    <message>
        <source>Similarity at least {value}</source>
        <translation>相似度至少 {value}</translation>
    </message>
    <message>
        <source>{n} photos at this similarity</source>
        <translation>此相似度下有 {n} 张照片</translation>
    </message>
    <message>
        <source>None at this similarity: move the slider left to see more.</source>
        <translation>此相似度下没有照片：向左移动滑块可看到更多。</translation>
    </message>
    <message>
        <source>Label {n} photos as “{name}”</source>
        <translation>将 {n} 张照片标注为“{name}”</translation>
    </message>
    <message>
        <source>Labelled {n} photos as “{name}”.</source>
        <translation>已将 {n} 张照片标注为“{name}”。</translation>
    </message>
</context>
<context>
    <name>SortComboBox</name>
    <message>
        <source>Sort by name</source>
        <translation>按名称排序</translation>
    </message>
    <message>
        <source>Sort by date taken</source>
        <translation>按拍摄日期排序</translation>
    </message>
    <message>
        <source>Sort by date added</source>
        <translation>按添加日期排序</translation>
    </message>
</context>
<context>
    <name>SuggestionsDialog</name>
    <message>
        <source>Suggested labels</source>
        <translation>建议的标注</translation>
    </message>
    <message>
        <source>{n} unlabelled photos, the ones the model is least sure about first. Select photos and press Enter to label them as suggested; Ctrl+Z undoes.</source>
        <translation>{n} 张未标注的照片，模型最没把握的排在前面。选中照片后按 Enter 即按建议标注；Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Accept  (Enter)</source>
        <translation>接受  (Enter)</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Suggested class</source>
        <translation>建议的类别</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Source: the trained classifier in use.</source>
        <translation>来源：当前使用的已训练分类器。</translation>
    </message>
    <message>
        <source>Source: the trained classifier, run {run}.</source>
        <translation>来源：已训练的分类器，第 {run} 次训练。</translation>
    </message>
    <message>
        <source>Accept {n} suggestions</source>
        <translation>接受 {n} 条建议</translation>
    </message>
</context>
<context>
    <name>TextClassifyTab</name>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Sentence vector:</source>
        <translation>句子向量：</translation>
    </message>
    <message>
        <source>mean of the states</source>
        <translation>各步状态的平均</translation>
    </message>
    <message>
        <source>last hidden state</source>
        <translation>最后的隐藏状态</translation>
    </message>
    <message>
        <source>Train classifier</source>
        <translation>训练分类器</translation>
    </message>
    <message>
        <source>Try a text:</source>
        <translation>试一段文字：</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Import a CSV file with a column of texts and a column of labels (at least 2 labels with 2 examples each).</source>
        <translation>导入一个 CSV 文件：一列文字，一列标签（至少 2 个标签，每个标签至少 2 个例子）。</translation>
    </message>
    <message>
        <source>Import texts and labels</source>
        <translation>导入文字和标签</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{name}: {count} examples; labels: {labels}.</source>
        <translation>{name}：{count} 个例子；标签：{labels}。</translation>
    </message>
    <message>
        <source>Line {line} left out: {reason}</source>
        <translation>第 {line} 行未使用：{reason}</translation>
    </message>
    <message>
        <source>This model has no classifier yet.</source>
        <translation>这个模型还没有分类器。</translation>
    </message>
    <message>
        <source>Accuracy {accuracy} on {count} held-out examples. Rows: true label; columns: predicted label.</source>
        <translation>在 {count} 个留出的例子上准确率为 {accuracy}。行：真实标签；列：预测标签。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
</context>
<context>
    <name>TextFilesTab</name>
    <message>
        <source>Drop text files here or add them: plain text saved as UTF-8, UTF-16 or GBK. A model learns to write like them.</source>
        <translation>把文本文件拖到这里或添加它们：以 UTF-8、UTF-16 或 GBK 保存的纯文本。模型会学着像它们那样写作。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add text files</source>
        <translation>添加文本文件</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.csv *.tsv);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.csv *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{files} files, {chars} characters in all</source>
        <translation>共 {files} 个文件，{chars} 个字符</translation>
    </message>
    <message>
        <source>{name}: {chars} characters, {distinct} distinct characters, {lines} lines; encoding {encoding}</source>
        <translation>{name}：{chars} 个字符，{distinct} 种不同字符，{lines} 行；编码 {encoding}</translation>
    </message>
</context>
<context>
    <name>TextGenerateTab</name>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation>最大长度：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Always the likeliest (greedy)</source>
        <translation>总是取最可能的（贪心）</translation>
    </message>
    <message>
        <source>Lower is safer and more repetitive, higher is more surprising.</source>
        <translation>越低越稳妥、越容易重复；越高越出人意料。</translation>
    </message>
    <message>
        <source>1.00 switches this filter off.</source>
        <translation>1.00 表示关闭此过滤。</translation>
    </message>
    <message>
        <source>Start with (optional):</source>
        <translation>开头（可选）：</translation>
    </message>
    <message>
        <source>Written text:</source>
        <translation>写出的文字：</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>TextPane</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Find by meaning</source>
        <translation>按意思查找</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Model in use: {run}</source>
        <translation>正在使用的模型：{run}</translation>
    </message>
    <message>
        <source>No language model yet: add text files, then train one.</source>
        <translation>还没有语言模型：先添加文本文件，再训练一个。</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
</context>
<context>
    <name>TextRunsWidget</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>finished early</source>
        <translation>提前结束</translation>
    </message>
    <message>
        <source>time limit</source>
        <translation>到达时间上限</translation>
    </message>
    <message>
        <source>step limit</source>
        <translation>到达步数上限</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>被中断</translation>
    </message>
    <message>
        <source>Trained models (choose the one to use):</source>
        <translation>已训练的模型（选择要使用的一个）：</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Best validation loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词方式</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>BPE</source>
        <translation>BPE</translation>
    </message>
</context>
<context>
    <name>TextSearchTab</name>
    <message>
        <source>Describe what you are looking for</source>
        <translation>描述你要找的内容</translation>
    </message>
    <message>
        <source>Sentence vector:</source>
        <translation>句子向量：</translation>
    </message>
    <message>
        <source>last hidden state</source>
        <translation>最后的隐藏状态</translation>
    </message>
    <message>
        <source>mean of the states</source>
        <translation>各步状态的平均</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>行</translation>
    </message>
    <message>
        <source>paragraphs</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>No model yet: train one in the Train tab.</source>
        <translation>还没有模型：请在“训练”标签页训练一个。</translation>
    </message>
    <message>
        <source>Reading the training text once to find sentences by meaning…</source>
        <translation>正在通读一遍训练文本，以便按意思查找句子…</translation>
    </message>
    <message>
        <source>{count} closest sentences, best first.</source>
        <translation>最接近的 {count} 个句子，最接近的在前。</translation>
    </message>
</context>
<context>
    <name>TextTrainTab</name>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>按字符</translation>
    </message>
    <message>
        <source>BPE (pieces)</source>
        <translation>BPE（子词片段）</translation>
    </message>
    <message>
        <source>Model size:</source>
        <translation>模型大小：</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>分词方式：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层数：</translation>
    </message>
    <message>
        <source>Hidden size:</source>
        <translation>隐藏层大小：</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation>Dropout：</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <source>Time limit (minutes):</source>
        <translation>时间上限（分钟）：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The loss appears here during training.</source>
        <translation>训练时损失曲线显示在这里。</translation>
    </message>
    <message>
        <source>Latest sample:</source>
        <translation>最新样例：</translation>
    </message>
    <message>
        <source>Perplexity:</source>
        <translation>困惑度：</translation>
    </message>
    <message>
        <source>Bits per character:</source>
        <translation>每字符比特数：</translation>
    </message>
    <message>
        <source>Tokens/s:</source>
        <translation>词元/秒：</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>剩余时间：</translation>
    </message>
    <message>
        <source>Epoch:</source>
        <translation>轮次：</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>步：</translation>
    </message>
    <message>
        <source>{params} parameters</source>
        <translation>{params} 个参数</translation>
    </message>
    <message>
        <source>; the speed is measured once training ends</source>
        <translation>；训练结束后再测量速度</translation>
    </message>
    <message>
        <source>; measuring the speed of this computer…</source>
        <translation>；正在测量这台电脑的速度…</translation>
    </message>
    <message>
        <source>; about {time} per million characters on this computer (an estimate)</source>
        <translation>；在这台电脑上每百万字符约 {time}（估计值）</translation>
    </message>
    <message>
        <source>; about {time} per epoch on this computer (an estimate)</source>
        <translation>；在这台电脑上每轮约 {time}（估计值）</translation>
    </message>
    <message>
        <source>Add text files first (Files tab).</source>
        <translation>请先添加文本文件（“文件”标签页）。</translation>
    </message>
    <message>
        <source>Training {run}…</source>
        <translation>正在训练 {run}…</translation>
    </message>
    <message>
        <source>Stopping; the best model so far is kept…</source>
        <translation>正在停止；保留目前最好的模型…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>{run} is ready ({reason}); best validation loss {best}.</source>
        <translation>{run} 已就绪（{reason}）；最佳验证损失 {best}。</translation>
    </message>
    <message>
        <source>Training stopped before any model was saved; nothing was kept.</source>
        <translation>训练在保存任何模型之前就已停止；没有保留任何内容。</translation>
    </message>
    <message>
        <source>Training stopped; {run} keeps the best model so far.</source>
        <translation>训练已停止；{run} 保留了目前最好的模型。</translation>
    </message>
    <message>
        <source>all epochs done</source>
        <translation>所有轮次已完成</translation>
    </message>
    <message>
        <source>stopped improving</source>
        <translation>不再进步</translation>
    </message>
    <message>
        <source>time limit reached</source>
        <translation>到达时间上限</translation>
    </message>
    <message>
        <source>step limit reached</source>
        <translation>到达步数上限</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>running or interrupted</source>
        <translation>仍在运行或被中断</translation>
    </message>
</context>
<context>
    <name>ThumbnailGrid</name>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
</context>
<context>
    <name>TrainHistoryWidget</name>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Network and training</source>
        <translation>网络与训练方式</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Predictions, suggestions and export use the chosen run</source>
        <translation>预测、标注建议和导出都使用所选的这次训练</translation>
    </message>
    <message>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source> (best model so far kept)</source>
        <translation>（保留了当时最好的模型）</translation>
    </message>
    <message>
        <source>This run has no saved model.</source>
        <translation>这次训练没有保存模型。</translation>
    </message>
</context>
<context>
    <name>TrainPane</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Try and use</source>
        <translation>试用与应用</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>No classifier yet: label photos, then press Train.</source>
        <translation>还没有分类器：先标注照片，再点“训练”。</translation>
    </message>
    <message>
        <source>Model in use: run {id}, accuracy {accuracy}.</source>
        <translation>当前模型：第 {id} 次训练，准确率 {accuracy}。</translation>
    </message>
</context>
<context>
    <name>TrainResultsWidget</name>
    <message>
        <source>Retrain</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>Train again with the same settings and the labels as they are now</source>
        <translation>用相同的设置和当前的标注再训练一次</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片数</translation>
    </message>
    <message>
        <source>Of the photos the model put in this class, how many belong there</source>
        <translation>模型归入此类的照片中，真正属于此类的比例</translation>
    </message>
    <message>
        <source>Of the photos of this class, how many the model found</source>
        <translation>此类的照片中，被模型找出的比例</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Labelled as</source>
        <translation>标注为</translation>
    </message>
    <message>
        <source>The model says</source>
        <translation>模型判断</translation>
    </message>
    <message>
        <source>Per class (validation photos)</source>
        <translation>各类别（验证照片）</translation>
    </message>
    <message>
        <source>Confusion matrix: rows are labels, columns the model&apos;s answers. Click a cell to see its photos.</source>
        <translation>混淆矩阵：行是标注，列是模型的判断。点击单元格可查看其中的照片。</translation>
    </message>
    <message>
        <source>Probably mislabelled</source>
        <translation>可能标错的照片</translation>
    </message>
    <message>
        <source>Found while training:</source>
        <translation>训练时发现：</translation>
    </message>
    <message>
        <source>No trained model yet</source>
        <translation>还没有训练好的模型</translation>
    </message>
    <message>
        <source>Train a model in the Train tab; its results appear here.</source>
        <translation>在“训练”页训练一个模型，结果会显示在这里。</translation>
    </message>
    <message>
        <source>Accuracy {accuracy} on {n} validation photos</source>
        <translation>在 {n} 张验证照片上的准确率为 {accuracy}</translation>
    </message>
    <message>
        <source>Run {id}: {backbone}, {mode}, best epoch {epoch}.</source>
        <translation>第 {id} 次训练：{backbone}，{mode}，最佳轮次 {epoch}。</translation>
    </message>
    <message>
        <source>{name} ({confidence})</source>
        <translation>{name}（{confidence}）</translation>
    </message>
    <message>
        <source>Relabel as guess</source>
        <translation>改为模型的判断</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>（无标注）</translation>
    </message>
    <message>
        <source>Labelled “{label}”, the model said “{guess}”</source>
        <translation>标注为“{label}”，模型判为“{guess}”</translation>
    </message>
</context>
<context>
    <name>TrainSettings</name>
    <message>
        <source>about a second</source>
        <translation>约 1 秒</translation>
    </message>
    <message>
        <source>about {n} seconds</source>
        <translation>约 {n} 秒</translation>
    </message>
    <message>
        <source>about {n} minutes</source>
        <translation>约 {n} 分钟</translation>
    </message>
    <message>
        <source>about {n} hours</source>
        <translation>约 {n} 小时</translation>
    </message>
</context>
<context>
    <name>TrainSettingsWidget</name>
    <message>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Fine-tune the last block</source>
        <translation>微调最后一段</translation>
    </message>
    <message>
        <source>Fine-tune everything</source>
        <translation>微调整个网络</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>ResNet-18 — faster</source>
        <translation>ResNet-18 — 较快</translation>
    </message>
    <message>
        <source>ResNet-50 — more accurate, slower</source>
        <translation>ResNet-50 — 更准确，较慢</translation>
    </message>
    <message>
        <source>Trains only a new last layer on what the network already sees in each photo. Takes seconds once the photos are read.</source>
        <translation>只在网络已从每张照片中看到的内容之上训练一个新的最后一层。照片读取完后只需几秒。</translation>
    </message>
    <message>
        <source>Also adjusts the network&apos;s last stage to your photos. Minutes; helps with unusual pictures.</source>
        <translation>同时让网络的最后一段适应你的照片。需要几分钟；对不常见的图片有帮助。</translation>
    </message>
    <message>
        <source>Adjusts the whole network. Slowest; for photos unlike everyday ones (microscopy, X-rays, drawings).</source>
        <translation>调整整个网络。最慢；适合与日常照片差别很大的图片（显微照片、X 光片、绘画）。</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>How many times training goes through all photos. Automatic: 30 for Quick, 10 for fine-tuning; it stops earlier when the model stops improving.</source>
        <translation>训练把全部照片看几遍。自动：快速模式 30 遍，微调 10 遍；模型不再进步时会提前停止。</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>Training:</source>
        <translation>训练方式：</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>{time} on this computer.</source>
        <translation>在这台电脑上{time}。</translation>
    </message>
</context>
<context>
    <name>TrainTabWidget</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop now; the best model so far is kept</source>
        <translation>立即停止；保留目前最好的模型</translation>
    </message>
    <message>
        <source>Download or import the network…</source>
        <translation>下载或导入网络…</translation>
    </message>
    <message>
        <source>Estimating the time…</source>
        <translation>正在估算时间…</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>请先打开一个项目。</translation>
    </message>
    <message>
        <source>Checking the labelled photos…</source>
        <translation>正在检查已标注的照片…</translation>
    </message>
    <message>
        <source>Stopping; the best model so far is kept…</source>
        <translation>正在停止；保留目前最好的模型…</translation>
    </message>
    <message>
        <source>Done: accuracy {accuracy} on the validation photos.</source>
        <translation>完成：在验证照片上的准确率为 {accuracy}。</translation>
    </message>
    <message>
        <source>Stopped early at epoch {epoch}: the model had stopped improving; the best one, from epoch {best}, is kept.</source>
        <translation>在第 {epoch} 轮提前停止：模型已不再进步；保留第 {best} 轮的最佳模型。</translation>
    </message>
    <message>
        <source>Training found problems with the photos: see the Results tab.</source>
        <translation>训练时发现了照片的问题：请查看“结果”标签页。</translation>
    </message>
    <message>
        <source>Training cancelled. The run is kept as “cancelled” with its best model so far; the model in use has not changed.</source>
        <translation>训练已取消。这次训练记为“已取消”，保留了当时最好的模型；当前使用的模型没有改变。</translation>
    </message>
</context>
<context>
    <name>TrainUseWidget</name>
    <message>
        <source>Use it</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Predict a folder…</source>
        <translation>预测文件夹…</translation>
    </message>
    <message>
        <source>Sort the photos of a folder with the model; save a CSV or copies</source>
        <translation>用模型为一个文件夹里的照片分类；可保存 CSV 或复制副本</translation>
    </message>
    <message>
        <source>Suggest labels</source>
        <translation>建议标注</translation>
    </message>
    <message>
        <source>Let the model propose a class for each unlabelled photo</source>
        <translation>让模型为每张未标注的照片建议一个类别</translation>
    </message>
    <message>
        <source>Export the model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>ONNX (model.onnx)</source>
        <translation>ONNX (model.onnx)</translation>
    </message>
    <message>
        <source>TorchScript (model.pt)</source>
        <translation>TorchScript (model.pt)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Train a model first to use it.</source>
        <translation>请先训练一个模型。</translation>
    </message>
    <message>
        <source>Predict a folder</source>
        <translation>预测文件夹</translation>
    </message>
    <message>
        <source>Looking at the unlabelled photos…</source>
        <translation>正在查看未标注的照片…</translation>
    </message>
    <message>
        <source>Every photo already has a label.</source>
        <translation>所有照片都已有标注。</translation>
    </message>
    <message>
        <source>Export the model into a folder</source>
        <translation>把模型导出到文件夹</translation>
    </message>
    <message>
        <source>Exporting and checking the model…</source>
        <translation>正在导出并检查模型…</translation>
    </message>
    <message>
        <source>Saved {model}, {classes} and {example}. The model normalises the pixels itself but does not resize or crop: {example} shows how to do that as Pictor does.</source>
        <translation>已保存 {model}、{classes} 和 {example}。模型会自行对像素做归一化，但不会缩放或裁剪：{example} 演示了如何像 Pictor 一样缩放和裁剪照片。</translation>
    </message>
    <message>
        <source>Saved {model} and {classes}.</source>
        <translation type="vanished">已保存 {model} 和 {classes}。</translation>
    </message>
    <message>
        <source>It could not be compared with Pictor: the project has no readable validation photo.</source>
        <translation>无法与 Pictor 比较：项目中没有可读取的验证照片。</translation>
    </message>
    <message>
        <source>✔ The exported model gives the same predictions as Pictor on {n} validation photos (largest difference {diff}).</source>
        <translation>✔ 在 {n} 张验证照片上，导出的模型与 Pictor 的预测一致（最大差异 {diff}）。</translation>
    </message>
    <message>
        <source>✘ The exported model differs from Pictor: the same top class for {same} of {n} validation photos, largest difference {diff}. Use it with care.</source>
        <translation>✘ 导出的模型与 Pictor 不一致：{n} 张验证照片中有 {same} 张的首选类别相同，最大差异 {diff}。请谨慎使用。</translation>
    </message>
    <message>
        <source>Export stopped.</source>
        <translation>导出已停止。</translation>
    </message>
</context>
<context>
    <name>Trash</name>
    <message>
        <source>the file is no longer there</source>
        <translation>文件已不存在</translation>
    </message>
    <message>
        <source>the system has no trash here, or refused to move the file</source>
        <translation>系统在此处没有回收站，或拒绝移动该文件</translation>
    </message>
</context>
<context>
    <name>TryPhotoWidget</name>
    <message>
        <source>Try a photo</source>
        <translation>试一张照片</translation>
    </message>
    <message>
        <source>Choose a photo…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <source>Drop a photo here</source>
        <translation>把照片拖到这里</translation>
    </message>
    <message>
        <source>Below this confidence the answer is “None of these”: the photo probably shows none of the classes.</source>
        <translation>置信度低于此值时回答“都不是”：照片可能不属于任何类别。</translation>
    </message>
    <message>
        <source>Looking at {name}…</source>
        <translation>正在查看 {name}…</translation>
    </message>
    <message>
        <source>None of these: it looks like none of the training photos</source>
        <translation>都不是：它与所有训练照片都不像</translation>
    </message>
    <message>
        <source>None of these</source>
        <translation>都不是</translation>
    </message>
    <message>
        <source>“{name}”</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <source>“None of these” below {n} %</source>
        <translation>低于 {n}% 时判为“都不是”</translation>
    </message>
    <message>
        <source>Photos ({suffixes})</source>
        <translation>照片 ({suffixes})</translation>
    </message>
</context>
<context>
    <name>WelcomePane</name>
    <message>
        <source>Sort your photos into classes, train your own image classifier, and search your photos by describing what is in them.</source>
        <translation>把照片分门别类，训练属于你自己的图像分类器，还能用文字描述画面内容来搜索照片。</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>No recent projects yet. A project is a folder ending in .pictor; your photos stay where they are.</source>
        <translation>还没有最近的项目。项目是一个以 .pictor 结尾的文件夹，你的照片仍然留在原来的位置。</translation>
    </message>
    <message>
        <source>(not found — choose it to remove it from the list)</source>
        <translation>（找不到——选择它即可将其从列表中移除）</translation>
    </message>
</context>
<context>
    <name>ZeroShotSuggestionsDialog</name>
    <message>
        <source>Source: the class names, matched by the search model. A classifier trained on the current classes would suggest from your labelled photos instead.</source>
        <translation>来源：类别名称，由搜索模型匹配。用当前类别训练一个分类器后，建议将改为依据你已标注的照片。</translation>
    </message>
    <message>
        <source>Suggested labels from the class names</source>
        <translation>根据类别名称建议的标注</translation>
    </message>
    <message>
        <source>{n} unlabeled photos, the most confident suggestions first. Select photos and press Enter to label them as suggested; Ctrl+Z undoes. The suggestions come from the class names alone, so check them before accepting.</source>
        <translation>{n} 张未标注的照片，最有把握的建议在前。选中照片并按回车即可按建议标注；Ctrl+Z 可撤销。这些建议仅来自类别名称，接受前请先检查。</translation>
    </message>
    <message>
        <source>{n} unlabelled photos, the most confident suggestions first. Select photos and press Enter to label them as suggested; Ctrl+Z undoes. The suggestions come from the class names alone, so check them before accepting.</source>
        <translation type="vanished">{n} 张未标注的照片，最有把握的建议在前。选中照片并按回车即可按建议标注；Ctrl+Z 可撤销。这些建议仅来自类别名称，接受前请先检查。</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>Something went wrong.</source>
        <translation>出了点问题。</translation>
    </message>
    <message>
        <source>The job “{title}” failed: {reason}</source>
        <translation>任务“{title}”失败：{reason}</translation>
    </message>
    <message>
        <source>The file cannot be opened</source>
        <translation>无法打开该文件</translation>
    </message>
    <message>
        <source>The file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>The file is not a photo</source>
        <translation>该文件不是照片</translation>
    </message>
    <message>
        <source>The file is truncated or damaged</source>
        <translation>文件不完整或已损坏</translation>
    </message>
    <message>
        <source>The image is too large to open safely ({pixels} pixels)</source>
        <translation>图像太大，无法安全打开（{pixels} 像素）</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>The file disappeared</source>
        <translation>文件已不存在</translation>
    </message>
    <message>
        <source>The link leads round in a circle</source>
        <translation>链接形成了循环</translation>
    </message>
    <message>
        <source>The path is too long for this system</source>
        <translation>路径太长，本系统无法处理</translation>
    </message>
    <message>
        <source>The file cannot be read ({detail})</source>
        <translation>无法读取该文件（{detail}）</translation>
    </message>
    <message>
        <source>Making thumbnails</source>
        <translation>正在生成缩略图</translation>
    </message>
    <message>
        <source>The project cannot be opened.</source>
        <translation>无法打开该项目。</translation>
    </message>
    <message>
        <source>“{path}” is not a Pictor project. Choose a folder whose name ends in .pictor, or create a new project.</source>
        <translation>“{path}”不是 Pictor 项目。请选择名称以 .pictor 结尾的文件夹，或新建一个项目。</translation>
    </message>
    <message>
        <source>“{path}” already exists. Choose another name or open the existing project.</source>
        <translation>“{path}”已存在。请换一个名称，或打开现有的项目。</translation>
    </message>
    <message>
        <source>The project “{name}” is already open in another Pictor window (process {pid} on {host}). Close it there first.</source>
        <translation>项目“{name}”已在另一个 Pictor 窗口中打开（{host} 上的进程 {pid}）。请先在那里关闭它。</translation>
    </message>
    <message>
        <source>Pictor cannot write to the project folder “{path}”. Check that it is not read-only and that you have permission to change it.</source>
        <translation>Pictor 无法写入项目文件夹“{path}”。请确认它不是只读的，并且你有修改它的权限。</translation>
    </message>
    <message>
        <source>The project database cannot be used.</source>
        <translation>无法使用该项目的数据库。</translation>
    </message>
    <message>
        <source>This project was saved by a newer version of Pictor (format {found}, this version reads up to {supported}). Update Pictor to open it; the project was not changed.</source>
        <translation>这个项目由更新版本的 Pictor 保存（格式 {found}，当前版本最高只能读取 {supported}）。请更新 Pictor 后再打开；项目没有被改动。</translation>
    </message>
    <message>
        <source>The project database “{path}” is damaged ({detail}). Restore it from a backup; Pictor did not change it.</source>
        <translation>项目数据库“{path}”已损坏（{detail}）。请从备份中恢复；Pictor 没有改动它。</translation>
    </message>
    <message>
        <source>Pictor cannot write to “{path}”. Check that the folder is not read-only and that you have permission to change it.</source>
        <translation>Pictor 无法写入“{path}”。请确认该文件夹不是只读的，并且你有修改它的权限。</translation>
    </message>
    <message>
        <source>“{path}” cannot be read as text.</source>
        <translation>无法将“{path}”作为文本读取。</translation>
    </message>
    <message>
        <source>“{path}” is empty: it holds no text to learn from.</source>
        <translation>“{path}”是空的：里面没有可供学习的文本。</translation>
    </message>
    <message>
        <source>“{path}” is not a text file (it holds binary data). Choose a plain text file (.txt) saved as UTF-8, UTF-16 or GBK.</source>
        <translation>“{path}”不是文本文件（其中是二进制数据）。请选择以 UTF-8、UTF-16 或 GBK 编码保存的纯文本文件（.txt）。</translation>
    </message>
    <message>
        <source>“{path}” cannot be opened: {reason}. Check that it still exists.</source>
        <translation>无法打开“{path}”：{reason}。请确认它仍然存在。</translation>
    </message>
    <message>
        <source>None of the {count} chosen files holds usable text. First problem: {first}</source>
        <translation>所选的 {count} 个文件中都没有可用的文本。第一个问题：{first}</translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation>正在读取 {name}</translation>
    </message>
    <message>
        <source>The setting “{name}” must be {rule} (it is {value}).</source>
        <translation>设置“{name}”必须{rule}（当前为 {value}）。</translation>
    </message>
    <message>
        <source>Writing text</source>
        <translation>正在生成文本</translation>
    </message>
    <message>
        <source>Write text</source>
        <translation>生成文本</translation>
    </message>
    <message>
        <source>The language model in “{path}” cannot be loaded ({reason}). Train it again or choose another run.</source>
        <translation>无法加载“{path}”中的语言模型（{reason}）。请重新训练，或选择另一次训练结果。</translation>
    </message>
    <message>
        <source>The project has no trained language model yet. Train one first with your text.</source>
        <translation>这个项目还没有训练好的语言模型。请先用你的文本训练一个。</translation>
    </message>
    <message>
        <source>The project has no language model called “{run}”. Choose one of: {runs}.</source>
        <translation>这个项目中没有名为“{run}”的语言模型。请从以下选择：{runs}。</translation>
    </message>
    <message>
        <source>Small (fast, rough)</source>
        <translation>小（快，较粗糙）</translation>
    </message>
    <message>
        <source>Medium (balanced)</source>
        <translation>中（均衡）</translation>
    </message>
    <message>
        <source>Large (slow, best with lots of text)</source>
        <translation>大（慢，适合大量文本）</translation>
    </message>
    <message>
        <source>The tokenizer files in “{path}” are missing or damaged.</source>
        <translation>“{path}”中的分词器文件缺失或已损坏。</translation>
    </message>
    <message>
        <source>Learning the vocabulary</source>
        <translation>正在学习词表</translation>
    </message>
    <message>
        <source>The search index in “{path}” cannot be used ({reason}); Pictor will rebuild it from the project.</source>
        <translation>“{path}”中的搜索索引无法使用（{reason}）；Pictor 将根据项目重新建立索引。</translation>
    </message>
    <message>
        <source>Downloading {title}</source>
        <translation>正在下载 {title}</translation>
    </message>
    <message>
        <source>Pictor does not know a model called “{name}”. Known models: {known}.</source>
        <translation>Pictor 不认识名为“{name}”的模型。已知的模型：{known}。</translation>
    </message>
    <message>
        <source>The model “{title}” ({size}) is not installed. Download it or import a weight file you already have in the Models window.</source>
        <translation>模型“{title}”（{size}）尚未安装。请在“模型”窗口中下载它，或导入你已有的权重文件。</translation>
    </message>
    <message>
        <source>The model “{title}” needs the Python package “{package}”, which is not installed in this copy of Pictor.</source>
        <translation>模型“{title}”需要 Python 包“{package}”，但当前的 Pictor 中没有安装它。</translation>
    </message>
    <message>
        <source>The file for “{title}” was not found on the server ({url}). The address may have changed; import the file instead if you have it.</source>
        <translation>服务器上找不到“{title}”的文件（{url}）。地址可能已经改变；如果你有这个文件，可以直接导入。</translation>
    </message>
    <message>
        <source>Downloading “{title}” failed: {reason}. What was already downloaded is kept; start the download again to continue.</source>
        <translation>下载“{title}”失败：{reason}。已下载的部分会保留；重新开始下载即可继续。</translation>
    </message>
    <message>
        <source>The server stopped sending “{title}” for {seconds} seconds. What was already downloaded is kept; start the download again to continue.</source>
        <translation>服务器已有 {seconds} 秒没有发送“{title}”的数据。已下载的部分会保留；重新开始下载即可继续。</translation>
    </message>
    <message>
        <source>The downloaded file {file} does not match its published checksum, so it was deleted. It may have been damaged on the way; try again.</source>
        <translation>下载的文件 {file} 与公布的校验和不符，已被删除。它可能在传输中损坏了，请重试。</translation>
    </message>
    <message>
        <source>The downloaded file {file} has {found} bytes instead of {expected}, so it was deleted; try again.</source>
        <translation>下载的文件 {file} 大小为 {found} 字节，而不是 {expected} 字节，已被删除；请重试。</translation>
    </message>
    <message>
        <source>The file {file} is empty.</source>
        <translation>文件 {file} 是空的。</translation>
    </message>
    <message>
        <source>The file {file} cannot be read: {reason}.</source>
        <translation>无法读取文件 {file}：{reason}。</translation>
    </message>
    <message>
        <source>The file {file} is damaged or is not a weight file (it may be cut off).</source>
        <translation>文件 {file} 已损坏或不是权重文件（可能不完整）。</translation>
    </message>
    <message>
        <source>Pictor refused to open {file}: besides weights it contains program code or other objects that could run on this computer. Nothing in it was run.</source>
        <translation>Pictor 拒绝打开 {file}：除了权重之外，它还包含可能在这台电脑上运行的程序代码或其他对象。其中的内容都没有被运行。</translation>
    </message>
    <message>
        <source>Pictor refused to open {file}: it is a TorchScript program, not a plain weight file. Use the .safetensors or .bin file of the same model instead.</source>
        <translation>Pictor 拒绝打开 {file}：它是 TorchScript 程序，而不是普通的权重文件。请改用同一模型的 .safetensors 或 .bin 文件。</translation>
    </message>
    <message>
        <source>The file {file} holds no weights (no tensors were found in it).</source>
        <translation>文件 {file} 中没有权重（找不到任何张量）。</translation>
    </message>
    <message>
        <source>The file {file} does not fit “{title}”: layer {layer} has shape {found}, but the model needs {expected}.</source>
        <translation>文件 {file} 与“{title}”不匹配：层 {layer} 的形状是 {found}，而模型需要 {expected}。</translation>
    </message>
    <message>
        <source>The file {file} does not fit “{title}”: {count} layers are missing, for example {layer}.</source>
        <translation>文件 {file} 与“{title}”不匹配：缺少 {count} 个层，例如 {layer}。</translation>
    </message>
    <message>
        <source>The file {file} does not fit “{title}”: it has {count} layers the model does not have, for example {layer}.</source>
        <translation>文件 {file} 与“{title}”不匹配：其中有 {count} 个模型中不存在的层，例如 {layer}。</translation>
    </message>
    <message>
        <source>The file {file} is not one of the files of “{title}”, which are: {files}.</source>
        <translation>文件 {file} 不属于“{title}”，它需要的文件是：{files}。</translation>
    </message>
    <message>
        <source>Choose one weight file for “{title}”; these are all weight files: {files}.</source>
        <translation>请为“{title}”只选一个权重文件；以下都是权重文件：{files}。</translation>
    </message>
    <message>
        <source>Two different files called {name} were given for “{title}”; choose one.</source>
        <translation>为“{title}”给出了两个不同的 {name} 文件；请只选一个。</translation>
    </message>
    <message>
        <source>The folder {folder} holds none of the files of “{title}”, which are: {files}.</source>
        <translation>文件夹 {folder} 中没有“{title}”所需的任何文件，它需要的文件是：{files}。</translation>
    </message>
    <message>
        <source>The file {file} is not a model configuration Pictor can read (a JSON object was expected) for “{title}”.</source>
        <translation>文件 {file} 不是 Pictor 能读取的“{title}”模型配置（应为一个 JSON 对象）。</translation>
    </message>
    <message>
        <source>The file {file} configures a “{found}” text model, but “{title}” needs a “{expected}” one.</source>
        <translation>文件 {file} 配置的是“{found}”文本模型，而“{title}”需要“{expected}”文本模型。</translation>
    </message>
    <message>
        <source>The file {file} does not describe a text model that fits “{title}”: {reason}.</source>
        <translation>文件 {file} 描述的文本模型与“{title}”不匹配：{reason}。</translation>
    </message>
    <message>
        <source>The file {file} is not a tokenizer file Pictor can read for “{title}” (it may be damaged or of another kind).</source>
        <translation>文件 {file} 不是 Pictor 能为“{title}”读取的分词器文件（可能已损坏或属于其他类型）。</translation>
    </message>
    <message>
        <source>The tokenizer {file} has {found} tokens, but the text model of “{title}” has only {expected}: it belongs to another model.</source>
        <translation>分词器 {file} 有 {found} 个词元，而“{title}”的文本模型只有 {expected} 个：它属于另一个模型。</translation>
    </message>
    <message>
        <source>The installed weights of “{title}” in {folder} are damaged ({reason}). Remove the model and download or import it again.</source>
        <translation>{folder} 中已安装的“{title}”权重已损坏（{reason}）。请移除该模型，然后重新下载或导入。</translation>
    </message>
    <message>
        <source>Published by the PyTorch team with torchvision (BSD-3-Clause). Trained on ImageNet, whose terms allow non-commercial research use; check before commercial use.</source>
        <translation>由 PyTorch 团队随 torchvision 发布（BSD-3-Clause）。在 ImageNet 上训练，其条款允许非商业研究用途；商业使用前请先核实。</translation>
    </message>
    <message>
        <source>Published by LAION under the MIT licence (model card). Trained on uncurated web images and captions.</source>
        <translation>由 LAION 以 MIT 许可证发布（见模型卡）。在未经筛选的网络图片及其说明文字上训练。</translation>
    </message>
    <message>
        <source>ResNet-18 (ImageNet)</source>
        <translation>ResNet-18（ImageNet）</translation>
    </message>
    <message>
        <source>Image classifier backbone: small and fast, for training your classes.</source>
        <translation>图像分类骨干网络：小而快，用于训练你的类别。</translation>
    </message>
    <message>
        <source>ResNet-50 (ImageNet)</source>
        <translation>ResNet-50（ImageNet）</translation>
    </message>
    <message>
        <source>Image classifier backbone: more accurate, about three times slower.</source>
        <translation>图像分类骨干网络：更准确，速度约慢三倍。</translation>
    </message>
    <message>
        <source>CLIP ViT-B/32 (LAION-2B)</source>
        <translation>CLIP ViT-B/32（LAION-2B）</translation>
    </message>
    <message>
        <source>Photo search by description or by a similar photo (English).</source>
        <translation>通过文字描述或相似照片搜索照片（英文）。</translation>
    </message>
    <message>
        <source>CLIP ViT-B/32 (OpenAI)</source>
        <translation>CLIP ViT-B/32（OpenAI）</translation>
    </message>
    <message>
        <source>Photo search, alternative: OpenAI&apos;s original CLIP weights.</source>
        <translation>照片搜索的另一选择：OpenAI 原版 CLIP 权重。</translation>
    </message>
    <message>
        <source>Published by OpenAI under the MIT licence; trained on web images and captions that OpenAI has not released.</source>
        <translation>由 OpenAI 以 MIT 许可证发布；训练所用的网络图片和说明文字 OpenAI 尚未公开。</translation>
    </message>
    <message>
        <source>Multilingual CLIP ViT-B/32 (LAION-5B)</source>
        <translation>多语言 CLIP ViT-B/32（LAION-5B）</translation>
    </message>
    <message>
        <source>Photo search with descriptions in Chinese and about 100 other languages.</source>
        <translation>可用中文及约 100 种其他语言的描述搜索照片。</translation>
    </message>
    <message>
        <source>A class needs a name.</source>
        <translation>类别需要一个名称。</translation>
    </message>
    <message>
        <source>A class named “{name}” already exists.</source>
        <translation>已经有名为“{name}”的类别。</translation>
    </message>
    <message>
        <source>There is no class named “{name}”.</source>
        <translation>没有名为“{name}”的类别。</translation>
    </message>
    <message>
        <source>A hotkey is one of the digits 1 to 9.</source>
        <translation>快捷键必须是数字 1 到 9 之一。</translation>
    </message>
    <message>
        <source>“{colour}” is not a colour; use the form #RRGGBB.</source>
        <translation>“{colour}”不是颜色；请使用 #RRGGBB 格式。</translation>
    </message>
    <message>
        <source>Choose two different classes to merge.</source>
        <translation>请选择两个不同的类别进行合并。</translation>
    </message>
    <message>
        <source>Add class “{name}”</source>
        <translation>添加类别“{name}”</translation>
    </message>
    <message>
        <source>Rename class “{old}” to “{name}”</source>
        <translation>将类别“{old}”重命名为“{name}”</translation>
    </message>
    <message>
        <source>Change the colour of “{name}”</source>
        <translation>更改“{name}”的颜色</translation>
    </message>
    <message>
        <source>Change the hotkey of “{name}”</source>
        <translation>更改“{name}”的快捷键</translation>
    </message>
    <message>
        <source>Move class “{name}”</source>
        <translation>移动类别“{name}”</translation>
    </message>
    <message>
        <source>Delete class “{name}”</source>
        <translation>删除类别“{name}”</translation>
    </message>
    <message>
        <source>Merge “{source}” into “{target}”</source>
        <translation>将“{source}”合并到“{target}”</translation>
    </message>
    <message>
        <source>Label as “{name}”</source>
        <translation>标注为“{name}”</translation>
    </message>
    <message>
        <source>Remove label</source>
        <translation>移除标注</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Clear the skip mark</source>
        <translation>清除跳过标记</translation>
    </message>
    <message>
        <source>Put in the training set</source>
        <translation>放入训练集</translation>
    </message>
    <message>
        <source>Put in the validation set</source>
        <translation>放入验证集</translation>
    </message>
    <message>
        <source>Let Pictor choose the set</source>
        <translation>由 Pictor 选择数据集</translation>
    </message>
    <message>
        <source>The text is too short to train on: {tokens} tokens, at least {needed} are needed. Add more text.</source>
        <translation>文本太短，无法训练：只有 {tokens} 个词元，至少需要 {needed} 个。请添加更多文本。</translation>
    </message>
    <message>
        <source>Training stopped at step {step}: the loss became NaN. The best model so far is kept; try the Small preset or a lower learning rate.</source>
        <translation>训练在第 {step} 步停止：损失变成了 NaN。目前最好的模型已保留；请尝试“小”预设或更低的学习率。</translation>
    </message>
    <message>
        <source>Train language model {run}</source>
        <translation>训练语言模型 {run}</translation>
    </message>
    <message>
        <source>Preparing the text</source>
        <translation>正在准备文本</translation>
    </message>
    <message>
        <source>Epoch {epoch}, step {step}</source>
        <translation>第 {epoch} 轮，第 {step} 步</translation>
    </message>
    <message>
        <source>New sample at step {step}</source>
        <translation>第 {step} 步的新样例</translation>
    </message>
    <message>
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <source>Import weights for {model}</source>
        <translation>为 {model} 导入权重</translation>
    </message>
    <message>
        <source>Checking {title}</source>
        <translation>正在检查 {title}</translation>
    </message>
    <message>
        <source>“{title}” ships with Pictor in {folder} and cannot be removed here.</source>
        <translation>“{title}”随 Pictor 一起安装在 {folder} 中，无法在这里移除。</translation>
    </message>
    <message>
        <source>“{title}” is being downloaded; cancel the download first.</source>
        <translation>“{title}”正在下载；请先取消下载。</translation>
    </message>
    <message>
        <source>The weights of “{title}” match the official checksum.</source>
        <translation>“{title}”的权重与官方校验和一致。</translation>
    </message>
    <message>
        <source>The weights of “{title}” do not match the official checksum: they are a different or retrained copy, so the model shows as not verified.</source>
        <translation>“{title}”的权重与官方校验和不一致：它是另一个版本或重新训练过的副本，因此该模型显示为未校验。</translation>
    </message>
    <message>
        <source>No official checksum is published for the weights of “{title}”, so the model shows as not verified.</source>
        <translation>“{title}”的权重没有公布官方校验和，因此该模型显示为未校验。</translation>
    </message>
    <message>
        <source>“{title}” still needs its weight file (.pth, .pt, .bin or .safetensors) before it can be used.</source>
        <translation>“{title}”还需要它的权重文件（.pth、.pt、.bin 或 .safetensors）才能使用。</translation>
    </message>
    <message>
        <source>“{title}” still needs its weight file (.pth, .pt, .bin or .safetensors) and {files} before it can be used.</source>
        <translation>“{title}”还需要它的权重文件（.pth、.pt、.bin 或 .safetensors）和 {files} 才能使用。</translation>
    </message>
    <message>
        <source>“{title}” still needs {files} before it can be used.</source>
        <translation>“{title}”还需要 {files} 才能使用。</translation>
    </message>
    <message>
        <source>Its weights are checked against {file} when that file is imported.</source>
        <translation>导入 {file} 后，会用它来检查权重。</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>installed, not verified</source>
        <translation>已安装，未校验</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>“{title}” is already being downloaded.</source>
        <translation>“{title}”已经在下载中。</translation>
    </message>
    <message>
        <source>Type some text to search for.</source>
        <translation>请输入要搜索的文字。</translation>
    </message>
    <message>
        <source>The training text of this model cannot be read any more ({reason}), so there is nothing to search.</source>
        <translation>这个模型的训练文本已无法读取（{reason}），因此没有可搜索的内容。</translation>
    </message>
    <message>
        <source>Reading sentences</source>
        <translation>正在读取句子</translation>
    </message>
    <message>
        <source>Index sentences</source>
        <translation>为句子建立索引</translation>
    </message>
    <message>
        <source>Already in the library as “{path}”</source>
        <translation>已在照片库中，位于“{path}”</translation>
    </message>
    <message>
        <source>The same photo as “{path}” earlier in this import</source>
        <translation>与本次导入中较早的“{path}”是同一张照片</translation>
    </message>
    <message>
        <source>The link points to a file that does not exist</source>
        <translation>链接指向的文件不存在</translation>
    </message>
    <message>
        <source>“{path}” is a different photo, so it was not linked</source>
        <translation>“{path}”是另一张照片，因此没有关联</translation>
    </message>
    <message>
        <source>“{path}” is already in the library as another photo</source>
        <translation>“{path}”已作为另一张照片存在于照片库中</translation>
    </message>
    <message>
        <source>There is no photo “{photo}” in the project.</source>
        <translation>项目中没有照片“{photo}”。</translation>
    </message>
    <message>
        <source>The folder “{path}” is not empty. Choose an empty or new folder for the export.</source>
        <translation>文件夹“{path}”不是空的。请选择一个空文件夹或新文件夹来导出。</translation>
    </message>
    <message>
        <source>No labelled photos to export. Label some photos first.</source>
        <translation>没有已标注的照片可导出。请先标注一些照片。</translation>
    </message>
    <message>
        <source>Import photos</source>
        <translation>导入照片</translation>
    </message>
    <message>
        <source>Importing {count} photos</source>
        <translation>正在导入 {count} 张照片</translation>
    </message>
    <message>
        <source>Looking for photos: {count} found</source>
        <translation>正在查找照片：已找到 {count} 张</translation>
    </message>
    <message>
        <source>Make thumbnails</source>
        <translation>生成缩略图</translation>
    </message>
    <message>
        <source>Check photo files</source>
        <translation>检查照片文件</translation>
    </message>
    <message>
        <source>Checking photo files</source>
        <translation>正在检查照片文件</translation>
    </message>
    <message>
        <source>Relink moved photos</source>
        <translation>重新关联已移动的照片</translation>
    </message>
    <message>
        <source>Relinking photos</source>
        <translation>正在重新关联照片</translation>
    </message>
    <message>
        <source>Remove from the library</source>
        <translation>从照片库中移除</translation>
    </message>
    <message>
        <source>Export the dataset</source>
        <translation>导出数据集</translation>
    </message>
    <message>
        <source>Exporting photos</source>
        <translation>正在导出照片</translation>
    </message>
    <message>
        <source>“{name}” is not a backbone Pictor can train on. Choose {known}.</source>
        <translation>“{name}”不是 Pictor 能用来训练的网络。请选择 {known}。</translation>
    </message>
    <message>
        <source>Training needs at least two classes with labelled photos; this project has {count}.</source>
        <translation>训练至少需要两个有已标注照片的类别；本项目现有 {count} 个。</translation>
    </message>
    <message>
        <source>The class “{name}” has {count} usable labelled photos; at least {needed} are needed to train.</source>
        <translation>类别“{name}”只有 {count} 张可用的已标注照片；训练至少需要 {needed} 张。</translation>
    </message>
    <message>
        <source>The class “{name}” has only {count} labelled photos; {enough} or more give a more reliable model.</source>
        <translation>类别“{name}”只有 {count} 张已标注照片；有 {enough} 张或更多时模型更可靠。</translation>
    </message>
    <message>
        <source>The class “{largest}” has {ratio} times as many photos as “{smallest}”, so the model will lean towards “{largest}”. Add photos to “{smallest}” if you can.</source>
        <translation>类别“{largest}”的照片数是“{smallest}”的 {ratio} 倍，模型会偏向“{largest}”。如有可能，请给“{smallest}”添加照片。</translation>
    </message>
    <message>
        <source>No labelled photo is in the validation set, so the model cannot be checked. Put a few photos of each class in the validation set.</source>
        <translation>验证集中没有已标注的照片，因此无法检验模型。请把每个类别的几张照片放入验证集。</translation>
    </message>
    <message>
        <source>The class “{name}” has no photo in the validation set, so its accuracy cannot be measured. Put one or more of its photos there.</source>
        <translation>类别“{name}”在验证集中没有照片，无法衡量它的准确率。请把它的一张或几张照片放进验证集。</translation>
    </message>
    <message>
        <source>{count} photos show the same picture as a photo in the other set (training and validation), which makes the accuracy look better than it is. Put each pair in the same set.</source>
        <translation>有 {count} 张照片与另一个集合（训练集与验证集）中的照片是同一张图，会让准确率看起来比实际更好。请把每对照片放进同一个集合。</translation>
    </message>
    <message>
        <source>{count} labelled photos were deleted or damaged since they were labelled; training goes on without them.</source>
        <translation>有 {count} 张已标注的照片在标注后被删除或损坏；训练将不使用它们。</translation>
    </message>
    <message>
        <source>Predicting: {current} of {count} photos</source>
        <translation>正在预测：第 {current} / {count} 张照片</translation>
    </message>
    <message>
        <source>Run {run} was trained on other weights of “{backbone}” than the ones installed now, so its predictions would be wrong. Install the weights it was trained with, or train again.</source>
        <translation>第 {run} 次训练所用的“{backbone}”权重与现在安装的不同，它的预测会出错。请安装训练时所用的权重，或重新训练。</translation>
    </message>
    <message>
        <source>No photos were found in {paths}.</source>
        <translation>在 {paths} 中没有找到照片。</translation>
    </message>
    <message>
        <source>Predict photos</source>
        <translation>预测照片</translation>
    </message>
    <message>
        <source>Suggest labels</source>
        <translation>建议标注</translation>
    </message>
    <message>
        <source>Comparing photos</source>
        <translation>正在比较照片</translation>
    </message>
    <message>
        <source>Find look-alike photos</source>
        <translation>查找相似照片</translation>
    </message>
    <message>
        <source>Type a few words that describe the photo you are looking for.</source>
        <translation>请输入几个词语，描述你要找的照片。</translation>
    </message>
    <message>
        <source>The model “{model}” understands only English descriptions; to search in Chinese, install “{title}” ({size}) in the Models window and index your photos with it.</source>
        <translation>模型“{model}”只能理解英文描述；要用中文搜索，请在“模型”窗口中安装“{title}”（{size}），并用它为照片建立索引。</translation>
    </message>
    <message>
        <source>The photos were indexed with “{model}”, which understands only English; to search in Chinese, choose “{title}” as the search model and index your photos again.</source>
        <translation>照片是用“{model}”建立的索引，它只能理解英文；要用中文搜索，请选择“{title}”作为搜索模型，并重新为照片建立索引。</translation>
    </message>
    <message>
        <source>Looking for photos… {count} found</source>
        <translation>正在查找照片… 已找到 {count} 张</translation>
    </message>
    <message>
        <source>Checking {count} new or changed files</source>
        <translation>正在检查 {count} 个新增或改动的文件</translation>
    </message>
    <message>
        <source>Reading photos for search</source>
        <translation>正在读取照片以供搜索</translation>
    </message>
    <message>
        <source>Updating the search index</source>
        <translation>正在更新搜索索引</translation>
    </message>
    <message>
        <source>Index photos for search</source>
        <translation>为搜索索引照片</translation>
    </message>
    <message>
        <source>Training was interrupted (Pictor closed or crashed).</source>
        <translation>训练被中断（Pictor 已关闭或崩溃）。</translation>
    </message>
    <message>
        <source>This project has no trained classifier yet. Train one first.</source>
        <translation>本项目还没有训练好的分类器。请先训练一个。</translation>
    </message>
    <message>
        <source>There is no training run {run} with a saved model in this project.</source>
        <translation>本项目中没有第 {run} 次训练的已保存模型。</translation>
    </message>
    <message>
        <source>The model could not be saved in “{folder}” ({reason}). The model saved before is kept; free some disk space and train again.</source>
        <translation>无法把模型保存到“{folder}”（{reason}）。之前保存的模型仍然保留；请腾出一些磁盘空间后重新训练。</translation>
    </message>
    <message>
        <source>The saved model in “{folder}” cannot be read ({reason}). Train again or choose another run.</source>
        <translation>无法读取“{folder}”中保存的模型（{reason}）。请重新训练或选择另一次训练。</translation>
    </message>
    <message>
        <source>No photos are indexed for search yet. Index your photos first.</source>
        <translation>还没有为搜索索引任何照片。请先索引你的照片。</translation>
    </message>
    <message>
        <source>The photo “{path}” is not indexed for search yet. Index your photos, then try again.</source>
        <translation>照片“{path}”还没有为搜索建立索引。请先索引你的照片，然后再试一次。</translation>
    </message>
    <message>
        <source>Train a classifier</source>
        <translation>训练分类器</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}: training</source>
        <translation>第 {epoch} / {epochs} 轮：训练中</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}: checking the validation photos</source>
        <translation>第 {epoch} / {epochs} 轮：正在检查验证照片</translation>
    </message>
    <message>
        <source>Looking for mislabelled photos</source>
        <translation>正在查找可能标错的照片</translation>
    </message>
    <message>
        <source>Stopped after epoch {epoch}: the validation results had not improved for {patience} epochs. The best model, from epoch {best}, is kept.</source>
        <translation>在第 {epoch} 轮后停止：验证结果已连续 {patience} 轮没有进步。保留第 {best} 轮的最佳模型。</translation>
    </message>
    <message>
        <source>“{mode}” is not a training mode. Choose {known}.</source>
        <translation>“{mode}”不是训练方式。请选择 {known}。</translation>
    </message>
    <message>
        <source>Training stopped in epoch {epoch}: the loss became {value}. The best model so far is kept; try again with a lower learning rate.</source>
        <translation>训练在第 {epoch} 轮停止：损失变成了 {value}。已保留目前最好的模型；请用较低的学习率再试一次。</translation>
    </message>
    <message>
        <source>The language model “{run}” has no text classifier yet. Import a CSV of texts and labels and train one first.</source>
        <translation>语言模型“{run}”还没有文本分类器。请先导入一个包含文字和标签的 CSV 并训练一个。</translation>
    </message>
    <message>
        <source>The text classifier of “{run}” was trained on an earlier version of this language model. Train the classifier again.</source>
        <translation>“{run}”的文本分类器是在这个语言模型的较早版本上训练的。请重新训练分类器。</translation>
    </message>
    <message>
        <source>Type some text to classify.</source>
        <translation>请输入要分类的文字。</translation>
    </message>
    <message>
        <source>Train text classifier on {name}</source>
        <translation>在 {name} 上训练文本分类器</translation>
    </message>
    <message>
        <source>Training the classifier, step {step}</source>
        <translation>正在训练分类器，第 {step} 步</translation>
    </message>
    <message>
        <source>the label is empty</source>
        <translation>标签为空</translation>
    </message>
    <message>
        <source>the text is empty</source>
        <translation>文字为空</translation>
    </message>
    <message>
        <source>the row has fewer than two columns</source>
        <translation>这一行不足两列</translation>
    </message>
    <message>
        <source>the label “{label}” has only this one example</source>
        <translation>标签“{label}”只有这一个例子</translation>
    </message>
    <message>
        <source>“{path}” cannot be read as a CSV file.</source>
        <translation>无法把“{path}”作为 CSV 文件读取。</translation>
    </message>
    <message>
        <source>“{path}” holds no rows with both a text and a label. Save it with two columns, the text and its label.</source>
        <translation>“{path}”中没有同时包含文字和标签的行。请保存为两列：文字和它的标签。</translation>
    </message>
    <message>
        <source>“{path}” needs at least 2 labels with at least 2 examples each; it has {found}. Add examples.</source>
        <translation>“{path}”至少需要 2 个标签，每个标签至少 2 个例子；现在有 {found}。请添加例子。</translation>
    </message>
    <message>
        <source>Writing the {format} file</source>
        <translation>正在写入 {format} 文件</translation>
    </message>
    <message>
        <source>Checking the exported model on {count} validation photos</source>
        <translation>正在用 {count} 张验证照片检查导出的模型</translation>
    </message>
    <message>
        <source>“{format}” is not an export format. Choose onnx or torchscript.</source>
        <translation>“{format}”不是导出格式。请选择 onnx 或 torchscript。</translation>
    </message>
    <message>
        <source>The model could not be written to “{path}” ({reason}).</source>
        <translation>无法把模型写入“{path}”（{reason}）。</translation>
    </message>
    <message>
        <source>Export the classifier</source>
        <translation>导出分类器</translation>
    </message>
    <message>
        <source>Computing features: {current} of {count} photos</source>
        <translation>正在计算特征：第 {current} / {count} 张照片</translation>
    </message>
    <message>
        <source>Next, add photos: drop photos or folders anywhere on this window. Then sort them into classes, train a classifier on them, or search them by describing what is in a picture.</source>
        <translation>下一步：添加照片——把照片或文件夹拖到窗口的任意位置。之后就可以把它们分类、用它们训练分类器，或者描述画面内容来搜索照片。</translation>
    </message>
    <message>
        <source>Next, sort the photos into classes in Label: at least two classes with {needed} photos or more in each. Number keys label the selected photos.</source>
        <translation>下一步，在“标注”中把照片分成类别：至少两个类别，每个类别至少 {needed} 张照片。按数字键即可标注选中的照片。</translation>
    </message>
    <message>
        <source>Next, train a classifier on your labelled photos in Train; Quick takes seconds.</source>
        <translation>下一步，在“训练”中用已标注的照片训练分类器；“快速”模式只需几秒钟。</translation>
    </message>
    <message>
        <source>Your classifier is ready: try it on new photos in Train, search your photos by describing them in Search, or train a language model on your own text in Text.</source>
        <translation>分类器已就绪：可以在“训练”中用新照片试一试，在“搜索”中通过描述来查找照片，或在“文本”中用你自己的文字训练语言模型。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something unexpected went wrong ({kind}). Use “Copy details” to report it; the details are also in the log.</source>
        <translation>发生了意外错误（{kind}）。请用“复制详细信息”报告此问题；详细信息也已写入日志。</translation>
    </message>
</context>
</TS>
